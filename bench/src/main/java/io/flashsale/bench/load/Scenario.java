package io.flashsale.bench.load;

import java.util.List;

/** What a run sends: one {@link Session} per connection, each a little state machine. */
public interface Scenario
{
    /** One connection's sequence of requests; called on that connection's event-loop thread only. */
    interface Session
    {
        LoadRequest next();

        /** The answer to the request {@link #next()} returned last. */
        void onAnswer(LoadRequest request, int status, String body);
    }

    String name();

    Session session(int connection);

    /** The SKUs the scenario touches: checked for oversell and conservation after the run. */
    List<String> skus();
}

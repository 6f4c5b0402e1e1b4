package io.flashsale.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.gateway.cluster.ClusterMap;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which node of each group is its primary now, as the nodes' own /health say (role PRIMARY, status
 * UP: a primary whose lease ran out says DOWN). Looked at on the edge's watch thread; the forwarder
 * also says when a primary refused a connection (the group is down until a look finds one again) or
 * answered NOT_PRIMARY with the new primary's address (followed at once). A look that merely times
 * out keeps the primary for a few looks: a busy node is not a dead one.
 */
final class GroupWatch
{
    /** A group's primary: its HTTP base and its sale (null when it has not said). */
    record Primary(String base, String sale)
    {
    }

    private static final int LOOKS_BEFORE_GIVING_UP = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterMap cluster;
    private final HttpClient http;
    private final Consumer<String> log;
    private final Map<String, Primary> primaries = new ConcurrentHashMap<>();
    /** Watch thread only. */
    private final Map<String, Integer> unanswered = new LinkedHashMap<>();

    GroupWatch(final ClusterMap cluster, final HttpClient http, final Consumer<String> log)
    {
        this.cluster = cluster;
        this.http = http;
        this.log = log;
    }

    /** Any thread: the group's primary, or null while none is known (its writes are refused at once). */
    Primary primaryOf(final String group)
    {
        return primaries.get(group);
    }

    /** The forwarder could not connect to {@code base}: the group has no primary until a look finds one. */
    void refused(final String group, final String base)
    {
        final Primary now = primaries.get(group);
        if (now != null && now.base().equals(base) && primaries.remove(group, now))
        {
            log.accept("edge: group " + group + ": " + base + " refused a connection; its writes are refused until a primary answers");
        }
    }

    /** A node answered NOT_PRIMARY naming the primary: follow it now, the next look confirms it. */
    void movedTo(final String group, final String base)
    {
        final Primary now = primaries.get(group);
        if (now == null || !now.base().equals(base))
        {
            primaries.put(group, new Primary(base, now == null ? null : now.sale()));
        }
    }

    /** Watch thread: asks every node of every group at once and waits for the answers (each bounded). */
    void look(final Duration timeout)
    {
        final List<CompletableFuture<Void>> asked = new ArrayList<>();
        final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
        for (final ClusterMap.Group group : cluster.groups())
        {
            final List<Answer> groupAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
            answers.put(group.name(), groupAnswers);
            for (final String node : group.nodes())
            {
                asked.add(http.sendAsync(HttpRequest.newBuilder(URI.create(node + "/health")).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) ->
                    {
                        groupAnswers.add(Answer.of(node, response, failure));
                        return null;
                    }));
            }
        }
        CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).join();
        for (final ClusterMap.Group group : cluster.groups())
        {
            decide(group.name(), answers.get(group.name()));
        }
    }

    private void decide(final String group, final List<Answer> answers)
    {
        final Primary now = primaries.get(group);
        Answer found = null;
        boolean currentTimedOut = false;
        for (final Answer answer : answers)
        {
            if (answer.primary() && (found == null || (now != null && answer.node().equals(now.base()))))
            {
                found = answer;
            }
            currentTimedOut |= now != null && answer.node().equals(now.base()) && answer.timedOut();
        }
        if (found != null)
        {
            unanswered.remove(group);
            final Primary primary = new Primary(found.node(), found.sale());
            if (!primary.equals(now))
            {
                primaries.put(group, primary);
                if (now == null || !now.base().equals(primary.base()))
                {
                    log.accept("edge: group " + group + ": primary " + primary.base());
                }
            }
            return;
        }
        if (now == null)
        {
            return;
        }
        final int looks = currentTimedOut ? unanswered.merge(group, 1, Integer::sum) : LOOKS_BEFORE_GIVING_UP;
        if (looks >= LOOKS_BEFORE_GIVING_UP)
        {
            unanswered.remove(group);
            primaries.remove(group, now);
            log.accept("edge: group " + group + ": no primary answers (" + now.base() + " was); its writes are refused until one does");
        }
    }

    /** For the edge's /health: every group and its primary now. */
    Map<String, Object> describe()
    {
        final Map<String, Object> groups = new LinkedHashMap<>();
        for (final ClusterMap.Group group : cluster.groups())
        {
            final Primary primary = primaries.get(group.name());
            final Map<String, Object> view = new LinkedHashMap<>();
            view.put("primary", primary == null ? null : primary.base());
            view.put("up", primary != null);
            view.put("nodes", group.nodes());
            groups.put(group.name(), view);
        }
        return groups;
    }

    /** One node's answer to /health. */
    private record Answer(String node, boolean primary, String sale, boolean timedOut)
    {
        static Answer of(final String node, final HttpResponse<String> response, final Throwable failure)
        {
            if (response == null)
            {
                final Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ?
                    failure.getCause() : failure;
                return new Answer(node, false, null, !(cause instanceof ConnectException));
            }
            try
            {
                final JsonNode health = JSON.readTree(response.body());
                final boolean primary = response.statusCode() == 200 && "UP".equals(health.path("status").asText()) &&
                    "PRIMARY".equals(health.path("role").asText());
                return new Answer(node, primary, health.hasNonNull("sale") ? health.get("sale").asText() : null, false);
            }
            catch (final java.io.IOException ex)
            {
                return new Answer(node, false, null, false);
            }
        }
    }
}

package io.flashsale.engine.state;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.flashsale.engine.state.EngineDriver.bytes;
import static io.flashsale.engine.state.GoldenNotation.parseTime;
import static io.flashsale.engine.state.GoldenNotation.sku;
import static io.flashsale.engine.state.GoldenNotation.time;

/**
 * Replays one golden scenario through a real {@link ReservationEngine} and renders what came out:
 * per command its answer and the events told, then every SKU's availability and the engine's
 * counters, in {@link GoldenNotation}. A SKU is named by its code, resolved to the shard's index when
 * the command runs (an unknown code is index -1).
 */
final class ScenarioReplay
{
    private static final String INDENT = "    ";

    private final EventRecorder events = new EventRecorder();
    private final EngineDriver driver;
    private final List<String> out = new ArrayList<>();

    private ScenarioReplay(final EngineConfig config)
    {
        driver = new EngineDriver(new ReservationEngine(config, events));
    }

    static List<String> run(final GoldenFile.Scenario scenario)
    {
        final ScenarioReplay replay = new ScenarioReplay(scenario.config());
        int number = 1;
        for (final String command : scenario.commands())
        {
            replay.apply(number++, command);
        }
        replay.renderAfter();
        return replay.out;
    }

    private void apply(final int number, final String line)
    {
        final CommandRequest request;
        try
        {
            request = request(new Words(line));
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("command " + number + " \"" + line + "\" is not understood: " + ex, ex);
        }
        final EngineDriver.Outcome outcome = driver.run(request);
        out.add("[" + number + "] " + String.join(" ", line.split("\\s+")));
        out.add(INDENT + answer(outcome));
        events.drain().forEach(event -> out.add(INDENT + event));
    }

    /** {@code <time> <TYPE> <arguments>}: the arguments each type takes are listed at the top of every file. */
    private CommandRequest request(final Words words)
    {
        final long time = parseTime(words.next());
        final CommandType type = CommandType.valueOf(words.next());
        final CommandRequest request = switch (type)
        {
            case RESERVE -> EngineDriver.reserveRequest(skuIndex(words.next()), words.next(),
                Integer.parseInt(words.next()), time, words.option("key", null));
            case CONFIRM -> CommandRequest.confirm(ReservationId.parse(words.next()), bytes(words.next()), time, 0);
            case CANCEL -> CommandRequest.cancel(ReservationId.parse(words.next()), bytes(words.next()), time, 0);
            case EXPIRE -> new CommandRequest.Expire(ReservationId.parse(words.next()), time, 0);
            case TICK -> new CommandRequest.Tick(time);
            case UPSERT_PRODUCT -> new CommandRequest.UpsertProduct(product(words.next(), words), time, 0);
            case CLOSE_SALE -> new CommandRequest.CloseSale(skuIndex(words.next()), time, 0);
            case READ_RESERVATION ->
                new CommandRequest.ReadReservation(ReservationId.parse(words.next()), bytes(words.next()), time, 0);
        };
        words.checkAllTaken();
        return request;
    }

    private static ProductDefinition product(final String sku, final Words words)
    {
        return new ProductDefinition(sku, "Product " + sku, "A product", "gadgets",
            Long.parseLong(words.option("price", "1999")),
            Integer.parseInt(words.required("stock")),
            Integer.parseInt(words.required("limit")),
            Integer.parseInt(words.option("hold", String.valueOf(ProductDefinition.DEFAULT_HOLD_SECONDS))),
            parseTime(words.option("start", "+0")),
            parseTime(words.option("end", "never")));
    }

    private int skuIndex(final String code)
    {
        return driver.engine.skuIndex(code);
    }

    private String answer(final EngineDriver.Outcome outcome)
    {
        final StringBuilder answer = new StringBuilder("answer ").append(outcome.result());
        final boolean namesReservation = outcome.reservationId() != 0 || outcome.status() != null ||
            outcome.quantity() != 0 || outcome.createdAt() != 0 || outcome.expiresAt() != 0;
        if (namesReservation)
        {
            answer.append(" id=").append(ReservationId.toText(outcome.reservationId()))
                .append(" status=").append(outcome.status())
                .append(" qty=").append(outcome.quantity())
                .append(" createdAt=").append(time(outcome.createdAt()))
                .append(" expiresAt=").append(time(outcome.expiresAt()));
        }
        final SkuState sku = driver.sku(outcome.skuIndex());
        answer.append(" sku=").append(sku == null ? "-" : sku(sku.sku(), sku.index()))
            .append(" replay=").append(outcome.replay() ? "yes" : "no");
        return answer.toString();
    }

    private void renderAfter()
    {
        final ReservationEngine engine = driver.engine;
        out.add("after");
        for (int i = 0; i < engine.skuCount(); i++)
        {
            final SkuState sku = engine.sku(i);
            out.add(INDENT + sku(sku.sku(), i) + " available=" + sku.available() + " held=" + sku.held() +
                " sold=" + sku.sold() + " stock=" + sku.stock() + " state=" + sku.saleState() +
                " version=" + sku.version());
        }
        out.add(INDENT + "engine now=" + time(engine.now()) + " commands=" + engine.commandsApplied() +
            " holds=" + engine.holdsActive() + " timers=" + engine.timersPending() +
            " expired wheel=" + engine.expiries(ExpiryLayer.WHEEL) + " lazy=" + engine.expiries(ExpiryLayer.LAZY) +
            " sweeper=" + engine.expiries(ExpiryLayer.SWEEPER));
    }

    /** One command line's words: positional ones in order, then {@code name=value} options; a typo is refused, not ignored. */
    private static final class Words
    {
        private final List<String> positional = new ArrayList<>();
        private final Map<String, String> options = new HashMap<>();
        private int next;

        Words(final String line)
        {
            for (final String word : line.trim().split("\\s+"))
            {
                final int equals = word.indexOf('=');
                if (equals > 0)
                {
                    options.put(word.substring(0, equals), word.substring(equals + 1));
                }
                else
                {
                    positional.add(word);
                }
            }
        }

        String next()
        {
            if (next == positional.size())
            {
                throw new IllegalArgumentException("an argument is missing");
            }
            return positional.get(next++);
        }

        /** @return the option's value, or {@code absent} when the line does not give it. */
        String option(final String name, final String absent)
        {
            final String value = options.remove(name);
            return value == null ? absent : value;
        }

        String required(final String name)
        {
            final String value = options.remove(name);
            if (value == null)
            {
                throw new IllegalArgumentException(name + "= is required");
            }
            return value;
        }

        void checkAllTaken()
        {
            if (next < positional.size() || !options.isEmpty())
            {
                throw new IllegalArgumentException("unexpected " + positional.subList(next, positional.size()) + " " +
                    options.keySet());
            }
        }
    }
}

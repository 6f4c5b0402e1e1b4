package io.flashsale.bench.load;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The load scenarios of {@code scripts/bench.sh http}, against the bench catalogue
 * (bench/src/main/resources/load-catalogue.json: LOAD-0..LOAD-9 with stock to spare, SALE-0 and
 * DRILL-0..DRILL-4 with 1,000 units, 2 per user):
 * <ul>
 *   <li>{@code reads}: availability of the LOAD SKUs;</li>
 *   <li>{@code writes}: reservations of one unit on LOAD-0, each from a new user;</li>
 *   <li>{@code steady}: ten reads to one write across the LOAD SKUs (the seed's 250K reads + 25K
 *       writes per SKU, scaled to the rate given);</li>
 *   <li>{@code sale-open}: buyers on SALE-0 reserve, then confirm (half) or cancel what they got;</li>
 *   <li>{@code overload}: the writes of {@code writes}, meant to be run at ten times the gateway's
 *       write budget: admitted latency against the share of 429/503.</li>
 * </ul>
 */
public final class Scenarios
{
    public static final List<String> NAMES = List.of("reads", "writes", "steady", "sale-open", "overload");
    static final List<String> LOAD_SKUS = IntStream.range(0, 10).mapToObj(i -> "LOAD-" + i).toList();
    static final String SALE_SKU = "SALE-0";
    static final List<String> DRILL_SKUS = IntStream.range(0, 5).mapToObj(i -> "DRILL-" + i).toList();
    /** How long each drill SKU is the one on sale: its opening, its sell-out, then sold-out answers. */
    private static final long DRILL_SKU_NANOS = 2_000_000_000L;

    private Scenarios()
    {
    }

    /** @param runId makes this run's users new to the server (per-user limits of earlier runs stay out of the way). */
    public static Scenario named(final String name, final String runId, final AcceptedHolds accepted)
    {
        return switch (name)
        {
            case "reads" -> scenario(name, LOAD_SKUS, c -> new Mixed(c, runId, 1, 0, LOAD_SKUS, accepted));
            case "writes", "overload" -> scenario(name, List.of("LOAD-0"), c -> new Mixed(c, runId, 0, 1, List.of("LOAD-0"), accepted));
            case "steady" -> scenario(name, LOAD_SKUS, c -> new Mixed(c, runId, 10, 1, LOAD_SKUS, accepted));
            case "sale-open" -> scenario(name, List.of(SALE_SKU), c -> new SaleOpen(c, runId, accepted, () -> SALE_SKU));
            default -> throw new IllegalArgumentException("scenario must be one of " + NAMES + ", not " + name);
        };
    }

    /**
     * sale-open's warm-up: the same buyers on the DRILL SKUs, a new one on sale every 2 s, so that the
     * server's compiled code has seen holds, confirms, cancels and sold-out answers before the sale
     * opens. A warm-up of reservations on stock to spare never sold out: at the measured opening JFR
     * showed the reserve path deoptimised on its first sold-out answer, and the first seconds' p99 at
     * 300-680 ms.
     */
    static Scenario drill(final String runId)
    {
        final long start = System.nanoTime();
        final Supplier<String> onSale = () -> DRILL_SKUS.get(
            (int)Math.min(DRILL_SKUS.size() - 1, (System.nanoTime() - start) / DRILL_SKU_NANOS));
        return scenario("sale-open drill", DRILL_SKUS, c -> new SaleOpen(c, runId, new AcceptedHolds(0), onSale));
    }

    private static Scenario scenario(final String name, final List<String> skus,
        final java.util.function.IntFunction<Scenario.Session> sessions)
    {
        return new Scenario()
        {
            @Override
            public String name()
            {
                return name;
            }

            @Override
            public Session session(final int connection)
            {
                return sessions.apply(connection);
            }

            @Override
            public List<String> skus()
            {
                return skus;
            }
        };
    }

    static String reserveBody(final String sku)
    {
        return "{\"sku\":\"" + sku + "\",\"quantity\":1}";
    }

    /** Reads and one-unit reservations in a fixed proportion; every reservation from a new user. */
    private static final class Mixed implements Scenario.Session
    {
        private final SplittableRandom random;
        private final String userPrefix;
        private final int reads;
        private final int period;
        private final List<String> skus;
        private final AcceptedHolds accepted;
        private long sent;

        Mixed(final int connection, final String runId, final int reads, final int writes, final List<String> skus,
            final AcceptedHolds accepted)
        {
            this.random = new SplittableRandom(connection * 31L + runId.hashCode());
            this.userPrefix = "u" + runId + "-" + connection + "-";
            this.reads = reads;
            this.period = reads + writes;
            this.skus = skus;
            this.accepted = accepted;
        }

        @Override
        public LoadRequest next()
        {
            final long n = sent++;
            final String sku = skus.get(random.nextInt(skus.size()));
            if (n % period < reads)
            {
                return new LoadRequest("read", "GET", "/api/v1/products/" + sku + "/availability", null, userPrefix + "r");
            }
            return new LoadRequest("reserve", "POST", "/api/v1/reservations", reserveBody(sku), userPrefix + n);
        }

        @Override
        public void onAnswer(final LoadRequest request, final int status, final String body)
        {
            if (status == 201)
            {
                accepted.add(body, request.user());
            }
        }
    }

    /** A buyer reserves; with a hold, the next request confirms (even buyers) or cancels it; then a new buyer. */
    private static final class SaleOpen implements Scenario.Session
    {
        private final String userPrefix;
        private final AcceptedHolds accepted;
        private final Supplier<String> onSale;
        private long buyer;
        private String heldId;

        SaleOpen(final int connection, final String runId, final AcceptedHolds accepted,
            final Supplier<String> onSale)
        {
            this.userPrefix = "b" + runId + "-" + connection + "-";
            this.accepted = accepted;
            this.onSale = onSale;
        }

        @Override
        public LoadRequest next()
        {
            final String user = userPrefix + buyer;
            if (heldId != null)
            {
                final String action = buyer % 2 == 0 ? "confirm" : "cancel";
                return new LoadRequest(action, "POST", "/api/v1/reservations/" + heldId + "/" + action, null, user);
            }
            return new LoadRequest("reserve", "POST", "/api/v1/reservations", reserveBody(onSale.get()), user);
        }

        @Override
        public void onAnswer(final LoadRequest request, final int status, final String body)
        {
            if (request.operation().equals("reserve") && status == 201)
            {
                accepted.add(body, request.user());
                heldId = AcceptedHolds.reservationIdOf(body);
                return;
            }
            heldId = null;
            buyer++;
        }
    }
}

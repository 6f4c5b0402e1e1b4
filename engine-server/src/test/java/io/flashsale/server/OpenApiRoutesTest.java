package io.flashsale.server;

import io.flashsale.gateway.http.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.yaml describes exactly the routes the router serves: every {@link Route} (the router's
 * whole vocabulary) is in the description and is served by a real server (its request is counted
 * under the route's name, never refused as no such resource), and every operation of the
 * description is a route.
 */
class OpenApiRoutesTest
{
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern OPERATION = Pattern.compile("^    (get|put|post|delete|patch):\\s*$");

    @TempDir
    Path dir;

    @Test
    void shouldDescribeEveryRouteTheRouterServesAndNoOther() throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of()))
        {
            final Set<String> described = operations(api.get("/api/openapi.yaml").raw().body());
            final Set<String> routed = new LinkedHashSet<>();
            final String id = api.reserve("walker", "BIG", 1).body().path("reservationId").asText();
            for (final Route route : Route.values())
            {
                routed.add(route.method().name() + " " + route.path());
                final String path = route.path().replace("{sku}", "BIG").replace("{id}", id) +
                    (route == Route.SEARCH ? "?q=earbuds" : "");
                final TestServer.Reply reply = route == Route.AVAILABILITY_STREAM || route == Route.AVAILABILITY_STREAM_ALL ? null :
                    api.send(route.method().name(), path, route.method().name().equals("GET") ? null : body(route),
                        "X-User-Id", "walker", "Authorization", "Bearer " + TestServer.ADMIN);
                if (reply != null)
                {
                    assertThat(reply.status()).as(route + " answered " + reply.raw().body()).isNotIn(404, 405, 500);
                }
            }
            assertThat(described).as("the description's operations").containsExactlyInAnyOrderElementsOf(routed);
            final String metrics = api.get("/metrics").raw().body();
            for (final Route route : Route.values())
            {
                if (route != Route.AVAILABILITY_STREAM && route != Route.AVAILABILITY_STREAM_ALL && route != Route.METRICS)
                {
                    assertThat(metrics).as(route.name()).contains("route=\"" + route.metricName() + "\"");
                }
            }
        }
    }

    private static String body(final Route route)
    {
        return switch (route)
        {
            case RESERVE -> "{\"sku\":\"BIG\",\"quantity\":1}";
            case ADMIN_PRODUCT -> "{\"name\":\"Wireless earbuds\",\"priceCents\":4900,\"stock\":500,\"perUserLimit\":1}";
            default -> "";
        };
    }

    /** "METHOD /path" for every operation under paths: (a line parser: the file's layout is ours). */
    private static Set<String> operations(final String yaml)
    {
        final Set<String> operations = new LinkedHashSet<>();
        boolean inPaths = false;
        String path = null;
        for (final String line : yaml.lines().toList())
        {
            if (!line.startsWith(" "))
            {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (!inPaths)
            {
                continue;
            }
            final Matcher p = PATH.matcher(line);
            if (p.matches())
            {
                path = p.group(1);
                continue;
            }
            final Matcher o = OPERATION.matcher(line);
            if (o.matches() && path != null)
            {
                operations.add(o.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return operations;
    }
}

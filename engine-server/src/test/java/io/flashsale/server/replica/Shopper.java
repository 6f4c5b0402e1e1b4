package io.flashsale.server.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The few HTTP calls the replica tests make, over a real socket. */
final class Shopper
{
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> reserve(final String base, final String sku, final String user) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reservations"))
            .header("X-User-Id", user).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"quantity\":1}")).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(final String url, final String user) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (user != null)
        {
            request.header("X-User-Id", user);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(final String url) throws Exception
    {
        return JSON.readTree(get(url, null).body());
    }
}

package io.flashsale.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * A load request as the bytes of an HTTP/1.1 request, written straight into one pooled buffer.
 * <p>
 * The generator shares the box with the server it measures, so its CPU is the server's headroom.
 * Through Netty's request objects and encoder, building and encoding a request was 42 % of the
 * generator's event loop (header objects, each name and value validated, then encoded). The
 * scenarios' paths, users and bodies are plain ASCII/JSON of our own making, so the header lines are
 * written as they are; only the answers are decoded by Netty.
 */
final class RequestBytes
{
    private static final byte[] VERSION_AND_HOST = " HTTP/1.1\r\nhost: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "\r\nconnection: keep-alive\r\ncontent-length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "\r\ncontent-type: application/json".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER = "\r\nx-user-id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] host;

    RequestBytes(final String hostAndPort)
    {
        this.host = hostAndPort.getBytes(StandardCharsets.US_ASCII);
    }

    ByteBuf encode(final LoadRequest request, final ByteBufAllocator allocator)
    {
        final String body = request.body();
        final int bodyLength = body == null ? 0 : ByteBufUtil.utf8Bytes(body);
        final ByteBuf out = allocator.buffer(160 + request.path().length() + bodyLength);
        ByteBufUtil.writeAscii(out, request.method());
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, request.path());
        out.writeBytes(VERSION_AND_HOST).writeBytes(host).writeBytes(KEEP_ALIVE);
        ByteBufUtil.writeAscii(out, Integer.toString(bodyLength));
        if (body != null)
        {
            out.writeBytes(JSON);
        }
        if (request.user() != null)
        {
            out.writeBytes(USER);
            ByteBufUtil.writeAscii(out, request.user());
        }
        out.writeBytes(END_OF_HEADERS);
        if (body != null)
        {
            ByteBufUtil.writeUtf8(out, body);
        }
        return out;
    }
}

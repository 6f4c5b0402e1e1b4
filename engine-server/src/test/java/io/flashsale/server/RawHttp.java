package io.flashsale.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes on a socket, for what no well-behaved client would send; reads one response back. */
final class RawHttp
{
    record Response(int status, String headers, String body)
    {
    }

    private RawHttp()
    {
    }

    static Response exchange(final int port, final byte[] request, final int timeoutMillis) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(timeoutMillis);
            final OutputStream out = socket.getOutputStream();
            try
            {
                out.write(request);
                out.flush();
            }
            catch (final IOException ex)
            {
                // the server may answer and close before a large body is all sent: read what came back
            }
            return read(socket.getInputStream());
        }
    }

    /** A view of a kept-alive socket's stream that reads byte by byte, so one response is read and not the next. */
    static InputStream oneAtATime(final InputStream in)
    {
        return new InputStream()
        {
            @Override
            public int read() throws IOException
            {
                return in.read();
            }

            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException
            {
                final int one = in.read();
                if (one < 0)
                {
                    return -1;
                }
                b[off] = (byte)one;
                return 1;
            }
        };
    }

    static Response read(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        int headerEnd = -1;
        int contentLength = -1;
        try
        {
            int read;
            while ((read = in.read(buffer)) != -1)
            {
                bytes.write(buffer, 0, read);
                final String text = bytes.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0)
                {
                    final var match = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text.substring(0, headerEnd));
                    contentLength = match.find() ? Integer.parseInt(match.group(1)) : -1;
                }
                if (headerEnd >= 0 && contentLength >= 0 && bytes.size() >= headerEnd + 4 + contentLength)
                {
                    break;
                }
            }
        }
        catch (final SocketTimeoutException | java.net.SocketException ex)
        {
            // what arrived is the answer (or there was none)
        }
        final String text = bytes.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12)
        {
            return new Response(-1, "", text);
        }
        final int end = text.indexOf("\r\n\r\n");
        return new Response(Integer.parseInt(text.substring(9, 12)), end < 0 ? text : text.substring(0, end),
            end < 0 ? "" : text.substring(end + 4));
    }
}

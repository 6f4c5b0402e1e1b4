package io.flashsale.gateway.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The cluster file ({@code FLASHSALE_CLUSTER}, properties): each group's name and the HTTP bases of
 * its nodes, {@code group.g1=http://10.0.0.1:8080,http://10.0.0.2:8080}. Every SKU belongs to one
 * group by rendezvous hashing: the group whose {@code hash(group, sku)} is highest. The answer
 * depends on the SKU and the group names alone (the same on every node and edge, whatever order
 * the file lists them in), and a group added takes about 1/n of the SKUs from the others and moves
 * none between them.
 */
public final class ClusterMap
{
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern NODE_BASE = Pattern.compile("https?://[^/\\s,]+");

    /** One group: its name and its nodes' HTTP bases ({@code http://host:port}, no path). */
    public record Group(String name, List<String> nodes)
    {
    }

    private final List<Group> groups;

    public ClusterMap(final List<Group> groups)
    {
        if (groups.isEmpty())
        {
            throw new IllegalArgumentException("a cluster has at least one group");
        }
        this.groups = groups.stream().sorted(Comparator.comparing(Group::name)).toList();
    }

    public static ClusterMap load(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(in);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            throw new IOException("no cluster file at " + file.toAbsolutePath(), ex);
        }
        final List<Group> groups = new ArrayList<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (!key.startsWith("group."))
            {
                throw new IOException(file + ": unknown key " + key + " (only group.NAME=URL,URL)");
            }
            final String name = key.substring("group.".length());
            if (!GROUP_NAME.matcher(name).matches())
            {
                throw new IOException(file + ": group name '" + name + "' is not 1-32 of [A-Za-z0-9_]");
            }
            final List<String> nodes = new ArrayList<>();
            for (final String node : properties.getProperty(key).split(","))
            {
                final String base = node.trim().replaceAll("/+$", "");
                if (!NODE_BASE.matcher(base).matches())
                {
                    throw new IOException(file + ": group " + name + ": '" + node.trim() + "' is not an http://host:port base");
                }
                nodes.add(base);
            }
            groups.add(new Group(name, List.copyOf(nodes)));
        }
        if (groups.isEmpty())
        {
            throw new IOException(file + ": no group.NAME=URL lines");
        }
        return new ClusterMap(groups);
    }

    /** Ordered by name. */
    public List<Group> groups()
    {
        return groups;
    }

    /** The group by name, or null. */
    public Group group(final String name)
    {
        for (final Group group : groups)
        {
            if (group.name().equals(name))
            {
                return group;
            }
        }
        return null;
    }

    /** The group that owns the SKU: the highest score wins (a tie, which needs a 64-bit collision, goes to the first name). */
    public Group ownerOf(final String sku)
    {
        Group owner = null;
        long best = 0;
        for (final Group group : groups)
        {
            final long score = score(group.name(), sku);
            if (owner == null || Long.compareUnsigned(score, best) > 0)
            {
                owner = group;
                best = score;
            }
        }
        return owner;
    }

    /**
     * FNV-1a over the group's name, a zero byte and the SKU's UTF-8, then SplitMix64's finaliser so
     * that names differing in one letter still spread well. Stable across JVMs and releases: it is
     * part of the operator contract (README), so never change it while a sale runs.
     */
    static long score(final String group, final String sku)
    {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : group.getBytes(StandardCharsets.UTF_8))
        {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash *= 0x100000001b3L; // the zero byte between them
        for (final byte b : sku.getBytes(StandardCharsets.UTF_8))
        {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}

package io.flashsale.edge;

import io.flashsale.gateway.engine.NodeStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** An edge is always up and takes every request; its /health names the groups, their primaries and the feed. */
final class EdgeStatus implements NodeStatus
{
    private final GroupWatch watch;
    private final RedisFeed feed;

    EdgeStatus(final GroupWatch watch, final RedisFeed feed)
    {
        this.watch = watch;
        this.feed = feed;
    }

    @Override
    public Role role()
    {
        return Role.EDGE;
    }

    @Override
    public boolean up()
    {
        return true;
    }

    @Override
    public boolean acceptsWrites()
    {
        return true;
    }

    @Override
    public boolean servesReads()
    {
        return true;
    }

    @Override
    public long journalIndex()
    {
        return 0;
    }

    @Override
    public String primaryLocation()
    {
        return null;
    }

    @Override
    public String replication()
    {
        return null;
    }

    @Override
    public String writesRefusedBecause()
    {
        return null; // a group that is down refuses its own SKUs' writes, not the edge's
    }

    @Override
    public Map<String, Object> healthDetails()
    {
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("groups", watch.describe());
        details.put("redisFeed", feed.up() ? "UP" : "DOWN");
        return details;
    }
}

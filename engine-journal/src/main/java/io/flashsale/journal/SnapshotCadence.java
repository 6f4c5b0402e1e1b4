package io.flashsale.journal;

/**
 * When the next periodic snapshot is due: every N commands or T milliseconds of engine time since
 * the last one, whichever comes first. One rule for whoever takes them (the logic thread or a
 * {@link SnapshotTaker}). A fresh engine's clock starts with its first command, not at the epoch.
 */
final class SnapshotCadence
{
    private static final long UNSET = Long.MIN_VALUE;

    private final JournalSettings settings;
    private long lastIndex;
    private long lastTime;

    /** @param engineTime the engine's time at {@code lastIndex}; 0 for an engine that has seen no command */
    SnapshotCadence(final JournalSettings settings, final long lastIndex, final long engineTime)
    {
        this.settings = settings;
        this.lastIndex = lastIndex;
        this.lastTime = engineTime > 0 ? engineTime : UNSET;
    }

    boolean due(final long index, final long engineTime)
    {
        if (lastTime == UNSET && engineTime > 0)
        {
            lastTime = engineTime;
        }
        final boolean timeUp = lastTime != UNSET && engineTime - lastTime >= settings.snapshotEveryMillis();
        return index > lastIndex && (index - lastIndex >= settings.snapshotEveryCommands() || timeUp);
    }

    void taken(final long index, final long engineTime)
    {
        lastIndex = index;
        lastTime = engineTime;
    }
}

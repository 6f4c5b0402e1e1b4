package io.flashsale.engine.command;

/**
 * A caller waiting for a command's answer that may give up (a timeout). The first stage that takes
 * the command (the journal stage, else the logic) claims it: once claimed the caller waits for the
 * answer; if the caller gave up first, the command is dropped — never journaled, never applied — so
 * a caller told "try again" never finds its command applied after all.
 */
public interface ReplyTicket
{
    /**
     * @return true when the command may go on (claimed now or already); false when the caller gave up.
     */
    boolean claim();
}

package dev.cantila.scripts.scenario;

import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.scripts.call.OfflineCall;
import dev.cantila.scripts.world.World;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a scenario's stimuli reach: an ES-module handler ({@link ModuleSubject}) or a Twilio Functions project
 * ({@code dev.cantila.scripts.functions.FunctionsSubject}). Everything it does is written to the world's effects,
 * its logs and errors included, so one set of expectations reads both. Called on the runner's thread.
 */
public interface Subject {
    /** Runs one inbound SMS (after the STOP/START/HELP keywords, which never reach it) to its end. */
    void sms(Scenario scenario, SmsEvent event, World world);

    /**
     * Starts handling a call on {@code call}. Work the handler does later is either done when a stimulus completes
     * one of the call's futures, or posted to {@code turns}, which the runner drains after every stimulus.
     *
     * @return completes when the handler is over: true when it failed (the caller then hears the apology)
     */
    CompletableFuture<Boolean> call(Scenario scenario, CallEvent event, OfflineCall call, World world,
                                    Consumer<Runnable> turns);
}

package dev.cantila.scripts.scenario;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.scripts.call.OfflineCall;
import dev.cantila.scripts.world.World;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Our own ES-module handler ({@code onSms}/{@code onCall}) on the production runtime. */
final class ModuleSubject implements Subject {
    private final ScriptRuntime runtime;
    private final CompiledScript script;
    private final Limits limits;

    ModuleSubject(ScriptRuntime runtime, CompiledScript script, Limits limits) {
        this.runtime = runtime;
        this.script = script;
        this.limits = limits;
    }

    @Override
    public void sms(Scenario scenario, SmsEvent event, World world) {
        world.record(runtime.runSms(script, event, world.host(event.to(), event.from(), event.body()), limits), false);
    }

    @Override
    public CompletableFuture<Boolean> call(Scenario scenario, CallEvent event, OfflineCall call, World world,
                                           Consumer<Runnable> turns) {
        boolean inbound = event.direction().equals("inbound");
        String local = inbound ? event.to() : event.from();
        String remote = inbound ? event.from() : event.to();
        return runtime.startCall(script, event, call, world.host(local, remote, null), limits, turns::accept)
                .thenApply(ex -> {
                    world.record(ex, call.ended());
                    return ex.error() != null;
                });
    }
}

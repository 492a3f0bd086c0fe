package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The event-socket client for one FreeSWITCH node in inbound mode: connects, authenticates, subscribes
 * ({@code event plain ...} plus optional {@code filter}s), and keeps that up: when the connection drops, every
 * waiting command, background job and execution fails with {@link EslException.Kind#CONNECTION_LOST}, and the
 * client reconnects after a capped, jittered exponential backoff, authenticates, replays the subscription and the
 * filters, and then tells the {@link Listener} so its owner can reconcile the calls it believes live (events
 * during the gap are lost). A refused password stops the client for good, once, with a message naming the node:
 * retrying a wrong password only fills logs.
 *
 * <p>Correlation: {@link #bgapi} sends its own {@code Job-UUID} and completes with the body of the
 * {@code BACKGROUND_JOB} carrying it; {@link #execute} sends its own {@code Event-UUID} and completes with the
 * {@code CHANNEL_EXECUTE_COMPLETE} whose {@code Application-UUID} equals it. Every operation has a deadline and then
 * fails with {@link TimeoutException}; deadlines are kept on {@code timers}, which also schedules reconnects.
 *
 * <p>Threading: events, and the completions of the futures returned here, run on the connection's reader thread
 * (deadlines and connection loss complete them from other threads). {@link Listener#onEvent} must not block.
 */
final class EslClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EslClient.class.getName());

    /** The events {@link FreeSwitchSwitch} needs. */
    static final List<String> EVENTS = List.of("CHANNEL_PARK", "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE",
            "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HANGUP",
            "CHANNEL_HANGUP_COMPLETE", "DTMF", "BACKGROUND_JOB", "RECORD_STOP", "MESSAGE",
            // subclass names follow CUSTOM (so it stays last): mod_conference's member add/del, for member ids
            "CUSTOM", FreeSwitchConferences.SUBCLASS);
    /** An {@code execute-app-arg} longer than this travels as a {@code text/plain} body instead of a header. */
    static final int MAX_ARG_HEADER = 1024;

    /** What the owner hears. {@link #onEvent} runs on the reader thread and must return at once. */
    interface Listener {
        void onEvent(EslClient node, EslEvent event);

        /** After authentication and subscription; {@code reconnected} is false the first time. */
        default void onConnected(EslClient node, boolean reconnected) {
        }

        default void onDisconnected(EslClient node, Throwable cause) {
        }

        /** A connect attempt failed (it is retried unless the node refused us). */
        default void onConnectFailed(EslClient node, Throwable cause) {
        }
    }

    /**
     * @param events     event names for {@code event plain}
     * @param filters    {@code filter} arguments ({@code "Header value"}), replayed on every connection; once any is
     *                   set the node sends only matching events, so they must let CHANNEL_EXECUTE_COMPLETE and
     *                   BACKGROUND_JOB through or executes and bgapi jobs can only time out
     * @param deadline   default deadline of a command, and the connect and authentication timeout
     * @param backoff    first reconnect delay
     * @param backoffCap longest reconnect delay
     */
    record Options(List<String> events, List<String> filters, Duration deadline, Duration backoff, Duration backoffCap) {
        Options {
            events = List.copyOf(events);
            filters = List.copyOf(filters);
        }
    }

    /** A running {@code sendmsg} execute. {@link #result} completes with its {@code CHANNEL_EXECUTE_COMPLETE}. */
    static final class Execution {
        final String eventUuid;
        final String uuid;
        final String app;
        final CompletableFuture<EslEvent> result = new CompletableFuture<>();
        private volatile ScheduledFuture<?> deadline;

        private Execution(String eventUuid, String uuid, String app) {
            this.eventUuid = eventUuid;
            this.uuid = uuid;
            this.app = app;
        }

        /** Lifts the deadline (a bridge once answered may last as long as the call). */
        void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }
    }

    private final FreeSwitchSettings.Node node;
    private final Options options;
    private final ScheduledExecutorService timers;
    private final Listener listener;
    private final Backoff backoff;
    private final Map<String, CompletableFuture<String>> jobs = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile EslConnection connection;
    private volatile EslException refused;
    private volatile boolean closed;
    private boolean everConnected; // these two: touched only by the connect sequence, never run twice at once
    private int failedAttempts;

    EslClient(FreeSwitchSettings.Node node, Options options, ScheduledExecutorService timers, Listener listener,
              RandomGenerator random) {
        this.node = node;
        this.options = options;
        this.timers = timers;
        this.listener = listener;
        this.backoff = new Backoff(options.backoff(), options.backoffCap(), random);
    }

    String name() {
        return node.name();
    }

    boolean isConnected() {
        return connection != null;
    }

    /**
     * Starts connecting in the background. The future completes at the first successful subscription, or fails
     * when the node refuses our password; a node that is merely unreachable is retried without end.
     */
    CompletableFuture<Void> start() {
        scheduleConnect(Duration.ZERO);
        return firstConnect;
    }

    /** {@code api <command>}: the API's output. A result starting {@code -ERR} fails with kind REFUSED. */
    CompletableFuture<String> api(String command) {
        return api(command, options.deadline());
    }

    CompletableFuture<String> api(String command, Duration deadline) {
        CompletableFuture<String> result = new CompletableFuture<>();
        arm(result, deadline, () -> "api " + command);
        send("api " + command, Map.of(), null).whenComplete((frame, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            String body = frame.bodyText();
            if (body.startsWith("-ERR")) {
                result.completeExceptionally(new EslException(EslException.Kind.REFUSED, name(),
                        "node " + name() + " answered 'api " + command + "' with " + body.strip(), body.strip()));
            } else {
                result.complete(body);
            }
        });
        return result;
    }

    /**
     * {@code bgapi <command>} with our own {@code Job-UUID}: completes with the {@code BACKGROUND_JOB} body, whatever
     * it says ({@code +OK <uuid>} or {@code -ERR NO_ANSWER} are both results of an originate). Use it for anything
     * slow: {@code api} holds up the node's connection, and with it every event, until the API returns.
     */
    CompletableFuture<String> bgapi(String command, Duration deadline) {
        String jobUuid = UUID.randomUUID().toString();
        CompletableFuture<String> result = new CompletableFuture<>();
        jobs.put(jobUuid, result);
        result.whenComplete((v, e) -> jobs.remove(jobUuid));
        arm(result, deadline, () -> "bgapi " + command + " (Job-UUID " + jobUuid + ")");
        send("bgapi " + command, Map.of("Job-UUID", jobUuid), null).whenComplete((frame, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /**
     * {@code sendmsg <uuid>} {@code call-command: execute} with {@code event-lock: true} and our {@code Event-UUID}.
     * The arg travels as {@code execute-app-arg}, or as a {@code text/plain} body when it has line breaks or is
     * long. FreeSWITCH queues it on the channel; the result completes when the app has run.
     */
    Execution execute(String uuid, String app, String arg, Duration deadline) {
        Execution ex = new Execution(UUID.randomUUID().toString(), uuid, app);
        executions.put(ex.eventUuid, ex);
        ex.result.whenComplete((v, e) -> executions.remove(ex.eventUuid));
        ex.deadline = arm(ex.result, deadline, () -> app + " on " + uuid + " (Event-UUID " + ex.eventUuid + ")");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("call-command", "execute");
        headers.put("execute-app-name", app);
        boolean inBody = arg != null && (arg.length() > MAX_ARG_HEADER || arg.indexOf('\n') >= 0
                || arg.indexOf('\r') >= 0);
        if (arg != null && !inBody) {
            headers.put("execute-app-arg", arg);
        }
        headers.put("event-lock", "true");
        headers.put("Event-UUID", ex.eventUuid);
        if (inBody) {
            headers.put("Content-Type", "text/plain");
        }
        send("sendmsg " + uuid, headers, inBody ? arg : null).whenComplete((frame, failure) -> {
            if (failure != null) {
                ex.result.completeExceptionally(failure);
            }
        });
        return ex;
    }

    /** {@code sendmsg <uuid>} with other call-commands (e.g. {@code hangup}); completes at FreeSWITCH's {@code +OK}. */
    CompletableFuture<Void> sendmsg(String uuid, Map<String, String> headers) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        arm(result, options.deadline(), () -> "sendmsg " + uuid + " " + headers);
        send("sendmsg " + uuid, headers, null).whenComplete((f, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    private CompletableFuture<EslFrame> send(String line, Map<String, String> headers, String body) {
        EslConnection c = connection;
        if (c == null) {
            EslException r = refused;
            return CompletableFuture.failedFuture(r != null ? r : new EslException(EslException.Kind.NOT_CONNECTED,
                    name(), "node " + name() + " (" + node.address() + ") is not connected; cannot send '"
                    + line + "'", (String) null));
        }
        return c.send(line, headers, body);
    }

    private ScheduledFuture<?> arm(CompletableFuture<?> future, Duration deadline, java.util.function.Supplier<String> what) {
        long started = System.nanoTime();
        ScheduledFuture<?> timer;
        try {
            timer = timers.schedule(() -> {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                future.completeExceptionally(new TimeoutException("node " + name() + ": no answer to " + what.get()
                        + " within " + deadline.toMillis() + " ms (waited " + ms + " ms)"));
            }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new EslException(EslException.Kind.NOT_CONNECTED, name(), "node " + name()
                    + " is closed; cannot run " + what.get(), e));
            return null;
        }
        future.whenComplete((v, e) -> timer.cancel(false));
        return timer;
    }

    private void onEvent(EslEvent event) {
        String name = event.name();
        if ("BACKGROUND_JOB".equals(name)) {
            CompletableFuture<String> job = jobs.get(event.get("Job-UUID"));
            if (job != null) {
                job.complete(event.body());
            }
        } else if ("CHANNEL_EXECUTE_COMPLETE".equals(name)) {
            String appUuid = event.get("Application-UUID");
            Execution ex = appUuid == null ? null : executions.get(appUuid);
            if (ex != null) {
                ex.result.complete(event);
            }
        }
        listener.onEvent(this, event);
    }

    private void scheduleConnect(Duration delay) {
        if (closed) {
            return;
        }
        try {
            timers.schedule(() -> Thread.ofVirtual().name("esl-connect-" + name()).start(this::connect),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "node " + name() + ": timers stopped; not reconnecting");
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        EslConnection c = null;
        try {
            c = EslConnection.open(name(), node.host(), node.port(), options.deadline(), new EslConnection.Handler() {
                @Override
                public void onEvent(EslEvent event) {
                    EslClient.this.onEvent(event);
                }

                @Override
                public void onClosed(Throwable cause) {
                }
            });
            handshake(c);
        } catch (EslException e) {
            if (c != null) {
                c.close();
            }
            if (e.kind() == EslException.Kind.AUTH_FAILED) {
                refused = e;
                LOG.severe(e.getMessage());
                listener.onConnectFailed(this, e);
                firstConnect.completeExceptionally(e);
                return;
            }
            retryAfter(e);
            return;
        } catch (Exception e) {
            if (c != null) {
                c.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            retryAfter(e);
            return;
        }
        EslConnection live = c;
        connection = live;
        backoff.reset();
        failedAttempts = 0;
        boolean reconnected = everConnected;
        everConnected = true;
        live.closed().thenAccept(why -> onLost(live, why));
        LOG.info(() -> "node " + name() + " (" + node.address() + "): " + (reconnected ? "reconnected" : "connected")
                + ", subscribed to " + options.events().size() + " events");
        listener.onConnected(this, reconnected);
        firstConnect.complete(null);
        if (closed) {
            live.close();
        }
    }

    private void handshake(EslConnection c) throws Exception {
        long timeout = options.deadline().toMillis();
        EslFrame hello = c.greeting().get(timeout, TimeUnit.MILLISECONDS);
        if ("text/rude-rejection".equals(hello.contentType())) {
            throw new EslException(EslException.Kind.AUTH_FAILED, name(), "node " + name() + " (" + node.address()
                    + ") rejected our address: " + hello.bodyText().strip() + "; not retrying (check its "
                    + "event_socket.conf.xml apply-inbound-acl)", hello.bodyText().strip());
        }
        try {
            c.send("auth " + node.password(), Map.of(), null).get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EslException ee && ee.kind() == EslException.Kind.REFUSED) {
                throw new EslException(EslException.Kind.AUTH_FAILED, name(), "node " + name() + " ("
                        + node.address() + ") refused the event-socket password: " + ee.switchText()
                        + "; not retrying (fix the password in freeswitch.nodes / CANTILA_FREESWITCH)", ee.switchText());
            }
            throw e;
        }
        c.send("event plain " + String.join(" ", options.events()), Map.of(), null).get(timeout, TimeUnit.MILLISECONDS);
        for (String filter : options.filters()) {
            c.send("filter " + filter, Map.of(), null).get(timeout, TimeUnit.MILLISECONDS);
        }
    }

    private void retryAfter(Exception e) {
        Duration delay = backoff.next();
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (!(e instanceof EslException ee && ee.kind() == EslException.Kind.CONNECTION_LOST)) {
            listener.onConnectFailed(this, cause);
        }
        // one warning per outage, not one per attempt
        LOG.log(failedAttempts++ == 0 ? Level.WARNING : Level.FINE, "node " + name() + " (" + node.address()
                + "): cannot connect (" + cause + "); retrying in " + delay.toMillis() + " ms (attempt "
                + failedAttempts + ")");
        scheduleConnect(delay);
    }

    private void onLost(EslConnection lost, Throwable why) {
        if (connection == lost) {
            connection = null;
        }
        EslException failure = new EslException(EslException.Kind.CONNECTION_LOST, name(), "connection to node "
                + name() + " was lost: " + (why == null ? "closed" : why.getMessage()), why);
        jobs.values().forEach(job -> job.completeExceptionally(failure));
        executions.values().forEach(ex -> ex.result.completeExceptionally(failure));
        if (closed) {
            return;
        }
        LOG.warning(() -> "node " + name() + " (" + node.address() + "): connection lost (" + why + "); reconnecting");
        listener.onDisconnected(this, why);
        failedAttempts = 1; // the loss was the warning
        retryAfter(failure);
    }

    @Override
    public void close() {
        closed = true;
        EslConnection c = connection;
        if (c != null) {
            c.close();
        }
    }
}

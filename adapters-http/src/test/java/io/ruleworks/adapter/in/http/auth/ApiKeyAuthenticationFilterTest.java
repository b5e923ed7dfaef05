package io.ruleworks.adapter.in.http.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.AuthenticationException;
import io.ruleworks.domain.access.AuthenticationException.Reason;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the filter decides on the calling thread (the event loop) and which it hands to the
 * blocking executor, and that each is authenticated once, by one path.
 */
class ApiKeyAuthenticationFilterTest {

    private static final Caller CALLER = new Caller(new TenantId(UUID.randomUUID()), new ApiKeyId(UUID.randomUUID()),
            Optional.empty(), Set.of(Permission.READ));

    private final CountingExecutor blocking = new CountingExecutor();

    @AfterEach
    void stop() {
        blocking.shutdownNow();
    }

    @Test
    void a_key_held_in_memory_is_decided_on_the_calling_thread_without_the_blocking_executor() {
        FakeAuthenticate authenticate = new FakeAuthenticate(() -> Optional.of(CALLER), () -> {
            throw new AssertionError("authenticated twice");
        });
        MutableHttpRequest<?> request = aRequest();

        CompletionStage<Optional<HttpResponse<?>>> decided = filter(authenticate).authenticate(request);

        assertThat(decided.toCompletableFuture()).isCompletedWithValue(Optional.empty());
        assertThat(request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE)).contains(CALLER);
        assertThat(blocking.submitted.get()).isZero();
        assertThat(authenticate.blockingCalls.get()).isZero();
    }

    @Test
    void a_refusal_by_the_headers_is_answered_on_the_calling_thread() {
        FakeAuthenticate authenticate = new FakeAuthenticate(() -> {
            throw new AuthenticationException(Reason.MISSING);
        }, () -> CALLER);

        Optional<HttpResponse<?>> answer = filter(authenticate).authenticate(aRequest()).toCompletableFuture().getNow(null);

        assertThat(answer).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(401));
        assertThat(blocking.submitted.get()).isZero();
    }

    @Test
    void a_key_not_held_is_authenticated_once_on_the_blocking_executor() {
        FakeAuthenticate authenticate = new FakeAuthenticate(Optional::empty, () -> CALLER);
        MutableHttpRequest<?> request = aRequest();

        Optional<HttpResponse<?>> answer = join(filter(authenticate).authenticate(request));

        assertThat(answer).isEmpty();
        assertThat(request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE)).contains(CALLER);
        assertThat(blocking.submitted.get()).isOne();
        assertThat(authenticate.blockingCalls.get()).isOne();
        assertThat(authenticate.blockingThreads).allSatisfy(t -> assertThat(t).isNotEqualTo(Thread.currentThread()));
    }

    @Test
    void the_key_store_down_on_the_blocking_path_answers_503_with_a_retry_hint() {
        FakeAuthenticate authenticate = new FakeAuthenticate(Optional::empty, () -> {
            throw new DependencyUnavailableException("database", new RuntimeException("down"));
        });

        Optional<HttpResponse<?>> answer = join(filter(authenticate).authenticate(aRequest()));

        assertThat(answer).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.getHeaders().get("Retry-After")).isNotBlank();
        });
    }

    @Test
    void a_refusal_on_the_blocking_path_keeps_its_status() {
        FakeAuthenticate authenticate = new FakeAuthenticate(Optional::empty, () -> {
            throw new AuthenticationException(Reason.USAGE_LIMIT_REACHED);
        });

        assertThat(join(filter(authenticate).authenticate(aRequest())))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(401));
    }

    @Test
    void a_signed_hook_needs_no_key() {
        FakeAuthenticate authenticate = new FakeAuthenticate(() -> {
            throw new AssertionError("a hook is not authenticated by key");
        }, () -> CALLER);
        MutableHttpRequest<?> hook = HttpRequest.POST("/api/v1/automation/hooks/" + UUID.randomUUID(), "{}");

        assertThat(filter(authenticate).authenticate(hook).toCompletableFuture()).isCompletedWithValue(Optional.empty());
        assertThat(blocking.submitted.get()).isZero();
    }

    private ApiKeyAuthenticationFilter filter(AuthenticateUseCase authenticate) {
        return new ApiKeyAuthenticationFilter(authenticate, blocking);
    }

    private static MutableHttpRequest<?> aRequest() {
        return HttpRequest.GET("/api/v1/automation/rules").header(ApiKeyAuthenticationFilter.API_KEY_HEADER, "rwk_x");
    }

    private static Optional<HttpResponse<?>> join(CompletionStage<Optional<HttpResponse<?>>> stage) {
        return stage.toCompletableFuture().orTimeout(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The use case with both paths scripted; counts the blocking path's calls and their threads. */
    private static final class FakeAuthenticate implements AuthenticateUseCase {
        private final Supplier<Optional<Caller>> withoutBlocking;
        private final Supplier<Caller> blocking;
        final AtomicInteger blockingCalls = new AtomicInteger();
        final List<Thread> blockingThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

        FakeAuthenticate(Supplier<Optional<Caller>> withoutBlocking, Supplier<Caller> blocking) {
            this.withoutBlocking = withoutBlocking;
            this.blocking = blocking;
        }

        @Override
        public Caller authenticate(Optional<String> apiKey, Optional<String> tenantHeader) {
            blockingCalls.incrementAndGet();
            blockingThreads.add(Thread.currentThread());
            return blocking.get();
        }

        @Override
        public Optional<Caller> authenticateWithoutBlocking(Optional<String> apiKey, Optional<String> tenantHeader) {
            return withoutBlocking.get();
        }
    }

    /** One new thread per task, as the service's blocking executor; counts what was handed to it. */
    private static final class CountingExecutor extends AbstractExecutorService {
        final AtomicInteger submitted = new AtomicInteger();
        private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());

        @Override
        public void execute(Runnable task) {
            submitted.incrementAndGet();
            threads.execute(task);
        }

        @Override
        public void shutdown() {
            threads.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return threads.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return threads.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return threads.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return threads.awaitTermination(timeout, unit);
        }
    }
}

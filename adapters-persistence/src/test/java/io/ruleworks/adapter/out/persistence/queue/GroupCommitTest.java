package io.ruleworks.adapter.out.persistence.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch commit = new CountDownLatch(1);
    private final GroupCommit<String, String> group = new GroupCommit<>("group-commit-test", 8,
            writes -> writes.stream().map(this::slowWrite).toList(), this::slowWrite);

    private String slowWrite(String write) {
        writing.countDown();
        try {
            assertThat(commit.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return "committed " + write;
    }

    @AfterEach
    void stop() throws InterruptedException {
        commit.countDown();
        group.stop();
        callers.shutdownNow();
    }

    @Test
    void a_caller_interrupted_while_its_write_is_being_committed_still_gets_the_answer_and_keeps_the_interrupt()
            throws Exception {
        AtomicBoolean interruptKept = new AtomicBoolean();
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                answer.complete(group.submit("row 1"));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        Thread.sleep(100); // the caller sees the interrupt while the write is still open
        commit.countDown();
        caller.join(10_000);

        assertThat(answer).isCompletedWithValue("committed row 1");
        assertThat(interruptKept).isTrue();
    }

    @Test
    void writes_queued_behind_an_open_write_are_committed_together() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> group.submit("a"), callers);
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> queued = List.of("b", "c", "d").stream()
                .map(w -> CompletableFuture.supplyAsync(() -> group.submit(w), callers)).toList();
        Thread.sleep(100); // all three are queued behind the open write

        commit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("committed a");
        assertThat(queued.stream().map(CompletableFuture::join)).containsExactly("committed b", "committed c",
                "committed d");
        assertThat(group.groupsWritten()).isEqualTo(2);
    }
}

package io.ruleworks.adapter.out.action.net;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OnFirstUseTest {

    @Test
    void nothing_is_created_until_the_first_get_and_then_only_once_for_every_thread() throws Exception {
        AtomicInteger created = new AtomicInteger();
        OnFirstUse<Object> value = new OnFirstUse<>(() -> {
            created.incrementAndGet();
            return new Object();
        });
        assertThat(created).hasValue(0);
        assertThat(value.created()).isFalse();

        CountDownLatch go = new CountDownLatch(1);
        Callable<Object> get = () -> {
            go.await();
            return value.get();
        };
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<Object>> got = IntStream.range(0, 8).mapToObj(i -> threads.submit(get)).toList();
            go.countDown();
            Object first = got.getFirst().get();
            for (Future<Object> each : got) {
                assertThat(each.get()).isSameAs(first);
            }
        }
        assertThat(created).hasValue(1);
        assertThat(value.created()).isTrue();
    }
}

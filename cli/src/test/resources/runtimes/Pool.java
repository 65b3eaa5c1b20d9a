import java.util.*;
import java.util.concurrent.*;

public class Pool {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> parts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final int k = i;
            parts.add(pool.submit(() -> {
                long s = 0;
                for (int j = 0; j < 100_000; j++) s += (long) j * k % 11;
                return s;
            }));
        }
        long total = 0;
        for (Future<Long> f : parts) total += f.get();
        pool.shutdown();
        System.out.println("pool: " + pool.awaitTermination(10, TimeUnit.SECONDS) + " " + total);
        CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> "async").thenApply(s -> s + " done");
        System.out.println(cf.get());
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        System.out.println(ses.schedule(() -> "scheduled", 20, TimeUnit.MILLISECONDS).get());
        ses.shutdown();
    }
}

/*
 * Helctic's pthread guest: a static libc program (glibc and musl builds) whose output is
 * deterministic — sums and counts, never interleavings — so it can be compared byte for
 * byte with a native run. It exercises pthread_create/join, mutexes, condition variables,
 * a barrier, a read-write lock, pthread_once, a thread-local variable, atomics under
 * contention, a timed wait that times out, pthread_exit, detached threads and robust
 * mutexes whose owner dies.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 20000
#define ITEMS 2000
#define PHASES 5

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static long atomic_counter;
static __thread long tls_sum;
static __thread int tls_initialised = 7;

static void fail(const char *what, int err) {
    printf("FAIL %s: %s\n", what, strerror(err));
    exit(1);
}

/* ---- mutex, atomics and thread-local storage ---- */

static void *counter_worker(void *arg) {
    long id = (long)arg;
    if (tls_initialised != 7) fail("tls initial value", EINVAL);
    tls_initialised = (int)id;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        locked_counter++;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
        tls_sum += i % 7;
        if (i % 5000 == 0) sched_yield();
    }
    if (tls_initialised != (int)id) fail("tls private", EINVAL);
    return (void *)(tls_sum * 10 + id);
}

static void counters(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) {
        int e = pthread_create(&t[i], NULL, counter_worker, (void *)i);
        if (e) fail("pthread_create", e);
    }
    long total = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        int e = pthread_join(t[i], &r);
        if (e) fail("pthread_join", e);
        total += (long)r;
    }
    printf("mutex counter %ld, atomic counter %ld, joined values %ld, main tls %ld/%d\n", locked_counter,
           atomic_counter, total, tls_sum, tls_initialised);
}

/* ---- condition variables: a bounded queue ---- */

#define QSIZE 8
static int queue[QSIZE];
static int qhead, qcount, producers_done;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
    int base = (int)(long)arg * ITEMS;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&qlock);
        while (qcount == QSIZE) pthread_cond_wait(&not_full, &qlock);
        queue[(qhead + qcount) % QSIZE] = base + i;
        qcount++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    pthread_mutex_lock(&qlock);
    producers_done++;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&qlock);
    return NULL;
}

static void *consumer(void *arg) {
    long sum = 0, n = 0;
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&qlock);
        while (qcount == 0 && producers_done < 2) pthread_cond_wait(&not_empty, &qlock);
        if (qcount == 0) {
            pthread_mutex_unlock(&qlock);
            break;
        }
        int v = queue[qhead];
        qhead = (qhead + 1) % QSIZE;
        qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
        sum += v;
        n++;
    }
    long *out = malloc(2 * sizeof(long));
    out[0] = sum;
    out[1] = n;
    return out;
}

static void condvars(void) {
    pthread_t p[2], c[3];
    for (long i = 0; i < 2; i++) pthread_create(&p[i], NULL, producer, (void *)i);
    for (long i = 0; i < 3; i++) pthread_create(&c[i], NULL, consumer, NULL);
    long sum = 0, n = 0;
    for (int i = 0; i < 2; i++) pthread_join(p[i], NULL);
    for (int i = 0; i < 3; i++) {
        long *r;
        pthread_join(c[i], (void **)&r);
        sum += r[0];
        n += r[1];
        free(r);
    }
    printf("queue: %ld items, sum %ld\n", n, sum);
}

/* ---- a barrier between phases ---- */

static pthread_barrier_t barrier;
static long phase_values[PHASES][THREADS];
static long phase_checks[THREADS];

static void *phased(void *arg) {
    long id = (long)arg;
    for (int ph = 0; ph < PHASES; ph++) {
        phase_values[ph][id] = (ph + 1) * (id + 1);
        int r = pthread_barrier_wait(&barrier);
        if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD) fail("pthread_barrier_wait", r);
        /* after the barrier every thread sees every value of this phase */
        long s = 0;
        for (int k = 0; k < THREADS; k++) s += phase_values[ph][k];
        phase_checks[id] += s;
        pthread_barrier_wait(&barrier);
    }
    return NULL;
}

static void barriers(void) {
    pthread_t t[THREADS];
    pthread_barrier_init(&barrier, NULL, THREADS);
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, phased, (void *)i);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&barrier);
    printf("barrier: per-thread checks %ld %ld %ld %ld\n", phase_checks[0], phase_checks[1], phase_checks[2],
           phase_checks[3]);
}

/* ---- rwlock, once, timed wait, pthread_exit, detached threads ---- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_value;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void init_once(void) { once_runs++; }

static void *rw_worker(void *arg) {
    long id = (long)arg, seen = 0;
    pthread_once(&once, init_once);
    for (int i = 0; i < 2000; i++) {
        if (i % 4 == (int)id) {
            pthread_rwlock_wrlock(&rw);
            rw_value += 2;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (rw_value % 2 != 0) fail("rwlock", EINVAL);
            seen++;
            pthread_rwlock_unlock(&rw);
        }
    }
    pthread_exit((void *)seen);
}

static pthread_mutex_t dlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dcond = PTHREAD_COND_INITIALIZER;
static int detached_done;

static void *detached(void *arg) {
    pthread_mutex_lock(&dlock);
    detached_done += (int)(long)arg;
    pthread_cond_signal(&dcond);
    pthread_mutex_unlock(&dlock);
    return NULL;
}

static void others(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, rw_worker, (void *)i);
    long seen = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        seen += (long)r;
    }
    printf("rwlock: value %ld, reads %ld, once ran %d time(s)\n", rw_value, seen, once_runs);

    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 30 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    int e = pthread_cond_timedwait(&c, &m, &deadline);
    pthread_mutex_unlock(&m);
    printf("timed wait: %s\n", e == ETIMEDOUT ? "ETIMEDOUT" : strerror(e));
    printf("trylock on a held mutex: %s\n", (pthread_mutex_lock(&m), pthread_mutex_trylock(&m) == EBUSY) ? "EBUSY" : "?");
    pthread_mutex_unlock(&m);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (long i = 1; i <= 3; i++) pthread_create(&t[0], &attr, detached, (void *)i);
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&dlock);
    while (detached_done != 6) pthread_cond_wait(&dcond, &dlock);
    pthread_mutex_unlock(&dlock);
    printf("detached threads: %d\n", detached_done);
}

/* ---- a robust mutex whose owner exits while holding it ---- */

static pthread_mutex_t robust;

static void *die_holding(void *arg) {
    (void)arg;
    pthread_mutex_lock(&robust);
    return NULL; /* ends without unlocking */
}

static void robust_mutex(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &a);
    pthread_mutexattr_destroy(&a);
    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int e = pthread_mutex_lock(&robust);
    printf("robust mutex after its owner died: %s\n", e == EOWNERDEAD ? "EOWNERDEAD" : strerror(e));
    if (e == EOWNERDEAD) pthread_mutex_consistent(&robust);
    pthread_mutex_unlock(&robust);
    printf("robust mutex relocked: %s\n", pthread_mutex_lock(&robust) == 0 ? "ok" : "failed");
    pthread_mutex_unlock(&robust);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    counters();
    condvars();
    barriers();
    others();
    robust_mutex();
    printf("getpid == gettid in main: %s\n", getpid() == (pid_t)gettid() ? "yes" : "no");
    return 3;
}

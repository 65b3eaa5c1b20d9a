/*
 * Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT) through glibc, which implements them on
 * FUTEX_LOCK_PI / LOCK_PI2 / TRYLOCK_PI / UNLOCK_PI. Everything printed is deterministic, so a
 * run under Helctic must print exactly what a native run prints.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t counter_lock, held, robust;
static long counter;
static pthread_barrier_t ready;

static const char *name(int e) {
    switch (e) {
    case 0: return "0";
    case EBUSY: return "EBUSY";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EDEADLK: return "EDEADLK";
    case EPERM: return "EPERM";
    case EOWNERDEAD: return "EOWNERDEAD";
    case EINVAL: return "EINVAL";
    default: return strerror(e);
    }
}

static void init_pi(pthread_mutex_t *m, int type, int robustness) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, type);
    if (pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) != 0) printf("setprotocol failed\n");
    pthread_mutexattr_setrobust(&a, robustness);
    int proto = -1;
    pthread_mutexattr_getprotocol(&a, &proto);
    if (proto != PTHREAD_PRIO_INHERIT) printf("protocol not PRIO_INHERIT\n");
    pthread_mutex_init(m, &a);
    pthread_mutexattr_destroy(&a);
}

static struct timespec in_ms(clockid_t clock, long ms) {
    struct timespec t;
    clock_gettime(clock, &t);
    t.tv_nsec += (ms % 1000) * 1000000L;
    t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

static void *increment(void *arg) {
    (void) arg;
    pthread_barrier_wait(&ready);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&counter_lock);
        long c = counter;
        for (volatile int k = 0; k < 8; k++) {} /* hold it a little: contention */
        counter = c + 1;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

/* Holds `held` for a while, then lets go. */
static void *hold_then_release(void *arg) {
    long ms = (long) arg;
    pthread_mutex_lock(&held);
    pthread_barrier_wait(&ready);
    struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    pthread_mutex_unlock(&held);
    return NULL;
}

/* From another thread: trylock and timed locks on the mutex main holds. */
static void *contend(void *arg) {
    (void) arg;
    printf("trylock of a held PI mutex: %s\n", name(pthread_mutex_trylock(&held)));
    struct timespec t = in_ms(CLOCK_REALTIME, 50);
    printf("timedlock (CLOCK_REALTIME, 50 ms) of a held PI mutex: %s\n", name(pthread_mutex_timedlock(&held, &t)));
    t = in_ms(CLOCK_MONOTONIC, 50);
    printf("clocklock (CLOCK_MONOTONIC, 50 ms) of a held PI mutex: %s\n",
           name(pthread_mutex_clocklock(&held, CLOCK_MONOTONIC, &t)));
    printf("unlock of a PI error-checking mutex held by another thread: %s\n", name(pthread_mutex_unlock(&held)));
    return NULL;
}

/* Takes the robust PI mutex and ends while main waits for it. */
static void *die_holding(void *arg) {
    (void) arg;
    pthread_mutex_lock(&robust);
    pthread_barrier_wait(&ready);
    struct timespec d = {0, 50 * 1000000L};
    nanosleep(&d, NULL);
    return NULL;
}

static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
    (void) sig;
    handled = 1;
}

/* Blocks on `held` (main holds it); a signal comes meanwhile. Linux restarts FUTEX_LOCK_PI. */
static void *lock_through_a_signal(void *arg) {
    (void) arg;
    int e = pthread_mutex_lock(&held);
    printf("lock interrupted by a handled signal: %s, handler ran: %d\n", name(e), (int) handled);
    pthread_mutex_unlock(&held);
    return NULL;
}

int main(void) {
    pthread_t t[THREADS];

    /* 1. Contention: several threads increment a counter under a PI mutex. */
    init_pi(&counter_lock, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED);
    pthread_barrier_init(&ready, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, increment, NULL);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&ready);
    printf("PI mutex counter %ld (expected %d)\n", counter, THREADS * ROUNDS);

    /* 2. The futex word names its owner. */
    init_pi(&held, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED);
    pthread_mutex_lock(&held);
    int word = *(volatile int *) &held.__data.__lock;
    printf("locked word names the owner: %d, waiters bit: %d\n",
           (word & 0x3fffffff) == (int) syscall(SYS_gettid), (word & 0x80000000) != 0);
    printf("relock of an error-checking PI mutex: %s\n", name(pthread_mutex_lock(&held)));

    /* 3. trylock, timedlock, clocklock and unlock from a thread that does not own it. */
    pthread_create(&t[0], NULL, contend, NULL);
    pthread_join(t[0], NULL);
    printf("unlock by its owner: %s\n", name(pthread_mutex_unlock(&held)));
    printf("unlock of an unlocked error-checking PI mutex: %s\n", name(pthread_mutex_unlock(&held)));
    printf("trylock of a free PI mutex: %s\n", name(pthread_mutex_trylock(&held)));
    pthread_mutex_unlock(&held);

    /* 4. A timed lock that waits and gets the mutex when its owner lets go. */
    pthread_barrier_init(&ready, NULL, 2);
    pthread_create(&t[0], NULL, hold_then_release, (void *) 30L);
    pthread_barrier_wait(&ready);
    struct timespec far = in_ms(CLOCK_REALTIME, 10000);
    printf("timedlock while the owner holds it 30 ms: %s\n", name(pthread_mutex_timedlock(&held, &far)));
    pthread_mutex_unlock(&held);
    pthread_join(t[0], NULL);
    pthread_barrier_destroy(&ready);

    /* 5. A normal PI mutex locked again by its owner: the kernel says EDEADLK, glibc waits out the timeout. */
    pthread_mutex_t normal;
    init_pi(&normal, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_STALLED);
    pthread_mutex_lock(&normal);
    struct timespec soon = in_ms(CLOCK_REALTIME, 20);
    printf("timedlock of a normal PI mutex by its owner: %s\n", name(pthread_mutex_timedlock(&normal, &soon)));
    pthread_mutex_unlock(&normal);

    /* 6. A robust PI mutex whose owner dies while another thread waits for it. */
    init_pi(&robust, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST);
    pthread_barrier_init(&ready, NULL, 2);
    pthread_create(&t[0], NULL, die_holding, NULL);
    pthread_barrier_wait(&ready);
    int e = pthread_mutex_lock(&robust);
    printf("robust PI mutex after its owner died: %s\n", name(e));
    if (e == EOWNERDEAD) printf("made consistent: %s\n", name(pthread_mutex_consistent(&robust)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&robust)));
    printf("lock again: %s\n", name(pthread_mutex_lock(&robust)));
    pthread_mutex_unlock(&robust);
    pthread_join(t[0], NULL);
    pthread_barrier_destroy(&ready);

    /* 7. The owner died with nobody waiting: the next lock sees it too. */
    pthread_barrier_init(&ready, NULL, 1);
    pthread_create(&t[0], NULL, die_holding, NULL);
    pthread_join(t[0], NULL);
    pthread_barrier_destroy(&ready);
    printf("robust PI mutex locked after its owner ended: %s\n", name(pthread_mutex_trylock(&robust)));
    pthread_mutex_consistent(&robust);
    pthread_mutex_unlock(&robust);

    /* 8. A signal with a handler (no SA_RESTART) to a thread waiting in FUTEX_LOCK_PI. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_mutex_lock(&held);
    pthread_create(&t[0], NULL, lock_through_a_signal, NULL);
    struct timespec d = {0, 50 * 1000000L};
    nanosleep(&d, NULL);
    pthread_kill(t[0], SIGUSR1);
    nanosleep(&d, NULL);
    pthread_mutex_unlock(&held);
    pthread_join(t[0], NULL);
    return 0;
}

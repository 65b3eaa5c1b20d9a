/*
 * Helctic's host call: libc's syscall(2) behind one JNI method,
 * io.helctic.kernel.scheme.HostCall.call(nr, a1..a6), returning the call's value or -errno.
 *
 * It exists for start-up time only. The same call as an FFM downcall (HostFs's fallback when
 * this library is absent) makes a cold JVM generate its method-handle forms and stub, 30-50 ms
 * that no AOT cache holds, before the first host file is opened; loading this library and
 * binding the method takes about a millisecond. Built by the kernel module's build with the
 * host's gcc; no JDK headers are needed (the JNI types on x86-64 Linux are spelled out below).
 */
#include <errno.h>
#include <unistd.h>

typedef long jlong_t;   /* jlong on LP64 */
typedef void *jobject_t; /* JNIEnv * and jclass: unused */

__attribute__((visibility("default")))
jlong_t Java_io_helctic_kernel_scheme_HostCall_call(jobject_t env, jobject_t cls, jlong_t nr, jlong_t a1, jlong_t a2,
                                                    jlong_t a3, jlong_t a4, jlong_t a5, jlong_t a6) {
    (void) env;
    (void) cls;
    long r = syscall(nr, a1, a2, a3, a4, a5, a6);
    return r == -1 ? -(jlong_t) errno : r;
}

package io.helctic.personality.windows;

import java.util.LinkedHashMap;
import java.util.Map;

/** NTSTATUS values used by the Windows personality (ntstatus.h), as unsigned 32-bit numbers. */
public final class NtStatus {
    private NtStatus() {}

    public static final long UNSUCCESSFUL = 0xC0000001L;
    public static final long NOT_IMPLEMENTED = 0xC0000002L;
    public static final long ACCESS_VIOLATION = 0xC0000005L;
    public static final long INVALID_HANDLE = 0xC0000008L;
    public static final long INVALID_CID = 0xC000000BL;
    public static final long INVALID_PARAMETER = 0xC000000DL;
    public static final long NO_SUCH_DEVICE = 0xC000000EL;
    public static final long INVALID_DEVICE_REQUEST = 0xC0000010L;
    public static final long UNRECOGNIZED_MEDIA = 0xC0000014L;
    public static final long NO_MEMORY = 0xC0000017L;
    public static final long INVALID_SYSTEM_SERVICE = 0xC000001CL;
    public static final long ACCESS_DENIED = 0xC0000022L;
    public static final long BUFFER_TOO_SMALL = 0xC0000023L;
    public static final long OBJECT_NAME_NOT_FOUND = 0xC0000034L;
    public static final long OBJECT_NAME_COLLISION = 0xC0000035L;
    public static final long SHARING_VIOLATION = 0xC0000043L;
    public static final long QUOTA_EXCEEDED = 0xC0000044L;
    public static final long LOCK_NOT_GRANTED = 0xC0000055L;
    public static final long PRIVILEGE_NOT_HELD = 0xC0000061L;
    public static final long INVALID_IMAGE_FORMAT = 0xC000007BL;
    public static final long DISK_FULL = 0xC000007FL;
    public static final long INTEGER_OVERFLOW = 0xC0000095L;
    public static final long FILE_INVALID = 0xC0000098L;
    public static final long INSUFFICIENT_RESOURCES = 0xC000009AL;
    public static final long MEDIA_WRITE_PROTECTED = 0xC00000A2L;
    public static final long PIPE_DISCONNECTED = 0xC00000B0L;
    public static final long IO_TIMEOUT = 0xC00000B5L;
    public static final long FILE_IS_A_DIRECTORY = 0xC00000BAL;
    public static final long NOT_SUPPORTED = 0xC00000BBL;
    public static final long NOT_SAME_DEVICE = 0xC00000D4L;
    public static final long CANT_WAIT = 0xC00000D8L;
    public static final long DIRECTORY_NOT_EMPTY = 0xC0000101L;
    public static final long NOT_A_DIRECTORY = 0xC0000103L;
    public static final long NAME_TOO_LONG = 0xC0000106L;
    public static final long TOO_MANY_OPENED_FILES = 0xC000011FL;
    public static final long CANCELLED = 0xC0000120L;
    public static final long INVALID_CONNECTION = 0xC0000140L;
    public static final long PIPE_BROKEN = 0xC000014BL;
    public static final long NO_MEDIA_IN_DEVICE = 0xC0000178L;
    public static final long IO_DEVICE_ERROR = 0xC0000185L;
    public static final long POSSIBLE_DEADLOCK = 0xC0000194L;
    public static final long INVALID_ADDRESS_COMPONENT = 0xC0000207L;
    public static final long ADDRESS_ALREADY_EXISTS = 0xC000020AL;
    public static final long CONNECTION_RESET = 0xC000020DL;
    public static final long NOT_FOUND = 0xC0000225L;
    public static final long CONNECTION_REFUSED = 0xC0000236L;
    public static final long CONNECTION_ACTIVE = 0xC000023BL;
    public static final long NETWORK_UNREACHABLE = 0xC000023CL;
    public static final long HOST_UNREACHABLE = 0xC000023DL;
    public static final long CONNECTION_ABORTED = 0xC0000241L;
    public static final long TOO_MANY_LINKS = 0xC0000265L;
    public static final long REPARSE_POINT_NOT_RESOLVED = 0xC0000280L;
    public static final long NO_UNICODE_TRANSLATION = 0xC0000717L;
    public static final long FILE_TOO_LARGE = 0xC0000904L;
    /** Warning severity (not NT_SUCCESS). */
    public static final long BUFFER_OVERFLOW = 0x80000005L;
    /** Warning severity (not NT_SUCCESS). */
    public static final long DEVICE_BUSY = 0x80000011L;

    /** Names by value, for traces. */
    public static final Map<Long, String> NAMES = names();

    private static Map<Long, String> names() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (var f : NtStatus.class.getFields()) {
            if (f.getType() != long.class) continue;
            try {
                m.put(f.getLong(null), "STATUS_" + f.getName());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** {@code 0xc0000002 (STATUS_NOT_IMPLEMENTED)}. */
    public static String describe(long status) {
        String name = NAMES.get(status);
        return "0x" + Long.toHexString(status) + (name != null ? " (" + name + ")" : "");
    }
}

package io.helctic.personality.windows;

import java.util.List;

/**
 * NT system service numbers of Windows 10 22H2 x64 (build 19045), ntoskrnl's table
 * (the low, long-stable range 0x00–0x55). A number listed here is a "known" service;
 * every other number, including the win32k table (0x1000 and up), is unknown to the
 * personality and answers STATUS_INVALID_SYSTEM_SERVICE.
 */
public final class NtServices {
    private NtServices() {}

    /** Service names, index = service number. */
    public static final List<String> WIN10_22H2 = List.of(
        "NtAccessCheck", "NtWorkerFactoryWorkerReady", "NtAcceptConnectPort", "NtMapUserPhysicalPagesScatter",
        "NtWaitForSingleObject", "NtCallbackReturn", "NtReadFile", "NtDeviceIoControlFile",
        "NtWriteFile", "NtRemoveIoCompletion", "NtReleaseSemaphore", "NtReplyWaitReceivePort",
        "NtReplyPort", "NtSetInformationThread", "NtSetEvent", "NtClose",
        "NtQueryObject", "NtQueryInformationFile", "NtOpenKey", "NtEnumerateValueKey",
        "NtFindAtom", "NtQueryDefaultLocale", "NtQueryKey", "NtQueryValueKey",
        "NtAllocateVirtualMemory", "NtQueryInformationProcess", "NtWaitForMultipleObjects32", "NtWriteFileGather",
        "NtSetInformationProcess", "NtCreateKey", "NtFreeVirtualMemory", "NtImpersonateClientOfPort",
        "NtReleaseMutant", "NtQueryInformationToken", "NtRequestWaitReplyPort", "NtQueryVirtualMemory",
        "NtOpenThreadToken", "NtQueryInformationThread", "NtOpenProcess", "NtSetInformationFile",
        "NtMapViewOfSection", "NtAccessCheckAndAuditAlarm", "NtUnmapViewOfSection", "NtReplyWaitReceivePortEx",
        "NtTerminateProcess", "NtSetEventBoostPriority", "NtReadFileScatter", "NtOpenThreadTokenEx",
        "NtOpenProcessTokenEx", "NtQueryPerformanceCounter", "NtEnumerateKey", "NtOpenFile",
        "NtDelayExecution", "NtQueryDirectoryFile", "NtQuerySystemInformation", "NtOpenSection",
        "NtQueryTimer", "NtFsControlFile", "NtWriteVirtualMemory", "NtCloseObjectAuditAlarm",
        "NtDuplicateObject", "NtQueryAttributesFile", "NtClearEvent", "NtReadVirtualMemory",
        "NtOpenEvent", "NtAdjustPrivilegesToken", "NtDuplicateToken", "NtContinue",
        "NtQueryDefaultUILanguage", "NtQueueApcThread", "NtYieldExecution", "NtAddAtom",
        "NtCreateEvent", "NtQueryVolumeInformationFile", "NtCreateSection", "NtFlushBuffersFile",
        "NtApphelpCacheControl", "NtCreateProcessEx", "NtCreateThread", "NtIsProcessInJob",
        "NtProtectVirtualMemory", "NtQuerySection", "NtResumeThread", "NtTerminateThread",
        "NtReadRequestData", "NtCreateFile");

    /** The service's name, or null when the number is not a known service. */
    public static String name(long nr) {
        return nr >= 0 && nr < WIN10_22H2.size() ? WIN10_22H2.get((int) nr) : null;
    }
}

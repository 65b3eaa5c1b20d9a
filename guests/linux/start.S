/* Process entry for the freestanding Linux guests (x86-64 SysV initial stack):
 * rsp -> argc, argv[0..argc-1], NULL, envp..., NULL, auxv pairs. */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp
    mov (%rsp), %rdi          /* argc */
    lea 8(%rsp), %rsi         /* argv */
    lea 16(%rsp,%rdi,8), %rdx /* envp = argv + argc + 1 */
    and $-16, %rsp
    call guest_main
    mov %eax, %edi
    mov $231, %eax            /* exit_group(status) */
    syscall
    hlt
    .section .note.GNU-stack,"",@progbits

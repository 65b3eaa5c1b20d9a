/**
 * Helctic's personality layer: one package per operating system ABI. It sits between
 * the kernel's trap handlers (boundary 1, {@link io.helctic.abi.Personality}) and the
 * kernel's op table (boundary 2, {@link io.helctic.abi.KernelOps}) and reaches the
 * kernel only through that table (DESIGN §1 rule 2). Its one export, to the command module,
 * is the tables as the generated syscall documents show them.
 */
module io.helctic.personality {
    requires io.helctic.abi;

    exports io.helctic.personality to io.helctic.cli;
    exports io.helctic.personality.docs to io.helctic.cli;

    provides io.helctic.abi.Personality with io.helctic.personality.Dispatcher;
}

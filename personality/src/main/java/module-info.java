/**
 * Helctic's personality layer: one package per operating system ABI. It sits between
 * the kernel's trap handlers (boundary 1, {@link io.helctic.abi.Personality}) and the
 * kernel's op table (boundary 2, {@link io.helctic.abi.KernelOps}) and reaches the
 * kernel only through that table (DESIGN §1 rule 2).
 */
module io.helctic.personality {
    requires io.helctic.abi;

    provides io.helctic.abi.Personality with io.helctic.personality.Dispatcher;
}

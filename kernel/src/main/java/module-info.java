/**
 * The Helctic kernel core: boot, the x86-64 trap handler, the op table behind
 * KernelOps, memory, contexts, schemes and the ELF loader. It finds the personality
 * layer through ServiceLoader and never imports it.
 */
module io.helctic.kernel {
    requires io.helctic.abi;
    requires io.helctic.machine;
    requires io.helctic.btrfs;
    requires java.management;
    requires jdk.unsupported;
    requires jdk.net;

    uses io.helctic.abi.Personality;

    exports io.helctic.kernel.boot;
    exports io.helctic.kernel.loader;
    exports io.helctic.kernel.net to io.helctic.cli;
    exports io.helctic.kernel.host to io.helctic.cli;
}

/**
 * The boundary between Helctic's personality layer and its kernel core: the ordered
 * table of primitive kernel operations, personality ids, kernel errno numbers, the
 * constants the operations take ({@code uapi}) and the syscall result a trap handler
 * applies. It depends on nothing.
 */
module io.helctic.abi {
    exports io.helctic.abi;
    exports io.helctic.abi.uapi;
}

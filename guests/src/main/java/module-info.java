/** Helctic's own guest programs, built by the build with the host's gcc. */
module io.helctic.guests {
    exports io.helctic.guests;
}

/** The helctic command: boot wiring and the user interface; the only module that sees everything. */
module io.helctic.cli {
    requires io.helctic.kernel;
    requires io.helctic.abi;
    requires io.helctic.guests;
    requires io.helctic.btrfs;
    requires io.helctic.personality;
    requires info.picocli;
    requires static jdk.jfr; // Main asks whether a flight recording must be written at exit

    uses io.helctic.abi.Personality;

    opens io.helctic.cli to info.picocli;
}

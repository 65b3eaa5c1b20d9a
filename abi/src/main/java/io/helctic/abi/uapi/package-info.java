/**
 * The constants of boundary 2, defined once. Kernel ops take flags, commands and numbers in
 * Linux's numbering (as {@link io.helctic.abi.Errno} gives errno in Linux's numbering), so these
 * are Linux's values, one class per Linux uapi header they come from. The kernel interprets
 * them, the personality layer produces them (the Linux personality passes them through, the
 * others translate into them), and {@code personality.h} carries them for C as
 * {@code HELCTIC_<NAME>}: no other main class defines them again (a test in cli keeps it so).
 */
package io.helctic.abi.uapi;

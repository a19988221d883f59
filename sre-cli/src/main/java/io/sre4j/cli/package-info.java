/**
 * The {@code sre4j} command line: {@code demo}, {@code replay}, {@code rules} and {@code budget},
 * one runnable jar ({@code sre-cli/target/sre4j.jar}). Not a library dependency: nothing here is
 * API; the entry point is {@link io.sre4j.cli.Sre4jCli#main(String[])}.
 */
@NullMarked
package io.sre4j.cli;

import org.jspecify.annotations.NullMarked;

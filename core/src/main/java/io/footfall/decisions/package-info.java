/**
 * Decisions from stored rollups (docs/decisions.md): a before/after comparison of a store, zone or the site, and the
 * potential of a vacant unit. Plain Java, no Vert.x, no IO, no wall clock: the same days in give the same answer
 * out, and nothing here throws on odd input (empty periods, zero traffic); an answer it cannot give is null.
 */
package io.footfall.decisions;

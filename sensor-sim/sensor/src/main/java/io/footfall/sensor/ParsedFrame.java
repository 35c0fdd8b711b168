package io.footfall.sensor;

/** What {@link FrameParser} made of one captured frame: a probe request or the reason it was skipped. */
public sealed interface ParsedFrame permits ProbeRequest, ParsedFrame.Skipped {

  /** A frame that yields no sighting. */
  record Skipped(SkipReason reason) implements ParsedFrame {
  }
}

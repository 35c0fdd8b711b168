package io.footfall.evaluate;

import io.footfall.analytics.CalibrationFit;
import io.footfall.sim.DurationText;
import io.footfall.site.PeopleModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall validate}: people counted by hand against footfall's estimate and a naive baseline, on real
 * captures replayed through a real footfall node (docs/accuracy.md, "Real captures").
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score footfall's people against hand counts on real captures (see docs/accuracy.md).")
public final class ValidateCommand implements Callable<Integer> {

  static final String BEGIN = "<!-- footfall validate --days: begin -->";
  static final String END = "<!-- footfall validate --days: end -->";

  /** One manual-count day, or a folder of them. */
  static final class Input {
    @ArgGroup(exclusive = false)
    OneDay day;

    @Option(names = "--days", paramLabel = "DIR", description = "Leave-one-day-out over every day in DIR: a day is"
        + " NAME_*.pcap with NAME_*.csv (counts).")
    Path days;
  }

  static final class OneDay {
    @Option(names = "--capture", required = true, paramLabel = "[SENSOR=]FILE",
        description = "A sensor's capture of the day (pcap/pcapng); repeat for more sensors (default ids s-01, s-02...).")
    List<String> captures;

    @Option(names = "--counts", required = true, paramLabel = "FILE",
        description = "Hand counts: time,zone,people (ISO instants), or a Brno csv (occupancy column).")
    Path counts;

    @Option(names = "--calibrate", required = true, paramLabel = "FROM/TO[=PEOPLE]",
        description = "A counted period used for calibration (ISO instants); people default to the counts file's mean"
            + " over it. Repeatable; windows overlapping it are not scored.")
    List<String> calibrate;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--fixed-mac", paramLabel = "MAC", description = "A fixed device's MAC (aa:bb:cc:dd:ee:ff), left out"
      + " as a fixed device in the validated site file (fixedDevices). Repeatable.")
  List<String> fixedMac = new ArrayList<>();

  @Option(names = "--fixed-macs", paramLabel = "FILE", description = "File of fixed devices' MACs, one a line (# comments).")
  Path fixedMacs;

  @Option(names = "--config", paramLabel = "FILE", description = "footfall configuration of the replay nodes. Default:"
      + " the built-in defaults. With --days repeatable: every day is replayed with each, and each held-out day is"
      + " scored with the one that did best on the other days.")
  List<Path> configs = new ArrayList<>();

  @Option(names = "--timezone", defaultValue = "UTC", description = "The site's time zone: the calibration's hour bands are local hours. Default: ${DEFAULT-VALUE}")
  String timezone;

  @Option(names = "--window", defaultValue = "10m", description = "Scoring window. Default: ${DEFAULT-VALUE}")
  String window;

  @Option(names = "--background", defaultValue = "0", description = "With --capture: devices heard with the room empty (people model). Default: ${DEFAULT-VALUE}")
  double background;

  @Option(names = "--exponent", defaultValue = "1", description = "With --capture: exponent of the people model, (0, 1]. Default: ${DEFAULT-VALUE}")
  double exponent;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Keep the replays here; with --days a day whose windows are"
      + " already here (under the configuration file's name, or 'defaults') is not replayed again. Default: a"
      + " temporary directory, deleted.")
  Path workDir;

  @Option(names = "--second-sensor", paramLabel = "DIR", description = "With --days: a second sensor's captures of"
      + " some of the days, under the same file names; only those days are scored, each as a two-sensor site (s-01"
      + " the --days capture, s-02 this one).")
  Path secondSensor;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @Option(names = "--update-doc", paramLabel = "FILE", description = "With --days: replace the section between the"
      + " 'footfall validate --days' markers of this markdown file (docs/accuracy.md).")
  Path updateDoc;

  @Override
  public Integer call() throws Exception {
    long windowMs = DurationText.parse(window).toMillis();
    List<String> fixed = fixedMacs();
    boolean temporary = workDir == null;
    Path work = temporary ? Files.createTempDirectory("footfall-validate") : workDir;
    try {
      return input.days != null ? days(work, fixed, windowMs) : oneDay(work, fixed, windowMs);
    } catch (IllegalArgumentException e) {
      System.err.println("footfall validate: " + e.getMessage());
      return 2;
    } finally {
      if (temporary) {
        deleteQuietly(work);
      }
    }
  }

  private int oneDay(Path work, List<String> fixed, long windowMs) throws Exception {
    if (configs.size() > 1) {
      throw new IllegalArgumentException("one --config for one day (several are for --days)");
    }
    PeopleModel model = new PeopleModel(background, exponent);
    ZoneId zone = ZoneId.of(timezone);
    CaptureReplay.Day day = CaptureReplay.run("day", CaptureReplay.captures(input.day.captures), fixed,
        configs.isEmpty() ? null : configs.get(0), timezone, work.resolve("day"));
    HandCounts counts = HandCounts.read(input.day.counts, day.firstProbeMs(), CaptureReplay.ZONE);
    List<Validation.Count> calibration = new ArrayList<>();
    for (String spec : input.day.calibrate) {
      calibration.add(count(spec, day, counts, zone));
    }
    List<RealWindow> scored = RealWindow.of(day, counts, windowMs, zone).stream()
        .filter(w -> calibration.stream().noneMatch(c -> w.start() < c.to() && c.from() < w.start() + windowMs))
        .toList();
    List<Validation.Estimate> estimates = Validation.estimate(scored, calibration, model);
    RealScore footfall = Validation.sum(estimates, Validation.Estimate::footfall).score();
    RealScore naive = Validation.sum(estimates, Validation.Estimate::naive).score();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-22s %7s %9s %9s %9s %7s%n",
        "window", "people", "devices", "addresses", "footfall", "naive"));
    for (Validation.Estimate e : estimates) {
      RealWindow w = e.window();
      out.append(String.format(Locale.ROOT, "%-22s %7.1f %9.1f %9d %9.1f %7.1f%n", Instant.ofEpochMilli(w.start()),
          w.people(), w.devices(), w.addresses(), e.footfall(), e.naive()));
    }
    List<CalibrationFit> fits = Validation.fits(calibration, model);
    for (CalibrationFit f : fits) {
      out.append(String.format(Locale.ROOT, "%ncalibration %s: %d counts, factor %.3f, background %.2f devices,"
              + " exponent %.2f, rmse %.2f, leave-one-count-out rmse %s", f.hourBand() == CalibrationFit.SITE_WIDE
              ? "site-wide" : "hour " + f.hourBand(), f.points(), f.factor(), f.backgroundDevices(), f.exponent(),
          f.rmse(), LeaveOneDayOut.f2(f.cvRmse())));
    }
    out.append(String.format(Locale.ROOT, "%n%n%-9s %7s %7s %7s %11s%n", "", "MAE", "MAPE", "bias", "empty room"));
    out.append(line("footfall", footfall)).append(line("naive", naive));
    System.out.print(out);
    if (json != null) {
      Files.writeString(json, new JsonObject().put("windowMinutes", windowMs / 60_000)
          .put("calibration", new JsonArray(calibration.stream().map(c -> new JsonObject()
              .put("from", Instant.ofEpochMilli(c.from()).toString()).put("to", Instant.ofEpochMilli(c.to()).toString())
              .put("people", c.people()).put("estimatedDevices", Validation.round(c.devices()))
              .put("addresses", c.addresses())).toList()))
          .put("model", new JsonObject().put("backgroundDevices", background).put("exponent", exponent))
          .put("fits", new JsonArray(fits.stream().map(f -> new JsonObject().put("hourBand", f.hourBand())
              .put("points", f.points()).put("factor", f.factor()).put("backgroundDevices", f.backgroundDevices())
              .put("exponent", f.exponent()).put("rmse", f.rmse())
              .put("cvRmse", Double.isNaN(f.cvRmse()) ? null : f.cvRmse())).toList()))
          .put("footfall", footfall.json()).put("naive", naive.json())
          .put("windows", Validation.windowsJson(estimates)).encodePrettily());
    }
    return 0;
  }

  private static Validation.Count count(String spec, CaptureReplay.Day day, HandCounts counts, ZoneId zone) {
    String[] periodAndPeople = spec.split("=", 2);
    String[] period = periodAndPeople[0].split("/", 2);
    if (period.length != 2) {
      throw new IllegalArgumentException("--calibrate wants FROM/TO[=PEOPLE], got " + spec);
    }
    long from = Instant.parse(period[0]).toEpochMilli();
    long to = Instant.parse(period[1]).toEpochMilli();
    double people = periodAndPeople.length == 2 ? Double.parseDouble(periodAndPeople[1]) : counts.mean(from, to);
    if (to <= from || Double.isNaN(people)) {
      throw new IllegalArgumentException("--calibrate " + spec + ": an empty period, or one the counts do not cover");
    }
    int hour = Instant.ofEpochMilli(from + (to - from) / 2).atZone(zone).getHour();
    return new Validation.Count(from, to, people, RealWindow.devices(day, from, to),
        RealWindow.addresses(day, from, to), hour);
  }

  private int days(Path work, List<String> fixed, long windowMs) throws Exception {
    ZoneId zone = ZoneId.of(timezone);
    List<Path> variants = configs.isEmpty() ? Collections.singletonList(null) : configs;
    List<String> labels = variants.stream().map(c -> c == null ? "defaults" : c.getFileName().toString()).toList();
    List<LeaveOneDayOut.Day> days = new ArrayList<>();
    for (Path pcap : listPcaps(input.days)) {
      Path second = secondSensor == null ? null : secondSensor.resolve(pcap.getFileName());
      if (second != null && !Files.isRegularFile(second)) {
        continue;
      }
      List<String> captures = second == null ? List.of(pcap.toString())
          : List.of("s-01=" + pcap, "s-02=" + second);
      String name = pcap.getFileName().toString().substring(0, pcap.getFileName().toString().lastIndexOf('_'));
      Path counts = countsFor(pcap, name);
      List<List<RealWindow>> byConfig = new ArrayList<>();
      for (int v = 0; v < variants.size(); v++) {
        Path cache = work.resolve(labels.get(v)).resolve(name).resolve("windows.json");
        if (Files.isRegularFile(cache)) {
          System.err.println("footfall validate: " + name + ": windows of an earlier replay in " + cache);
          byConfig.add(readWindows(cache));
        } else {
          CaptureReplay.Day day = CaptureReplay.run(name, CaptureReplay.captures(captures), fixed,
              variants.get(v), timezone, cache.getParent());
          List<RealWindow> windows = RealWindow.of(day, HandCounts.read(counts, day.firstProbeMs(),
              CaptureReplay.ZONE), windowMs, zone);
          writeWindows(cache, windows);
          byConfig.add(windows);
        }
      }
      days.add(new LeaveOneDayOut.Day(name, byConfig));
    }
    if (days.size() < 3) {
      throw new IllegalArgumentException(input.days + ": leave-one-day-out needs at least 3 days, found " + days.size());
    }
    LeaveOneDayOut.Result result = LeaveOneDayOut.run(days, windowMs);
    StringBuilder command = new StringBuilder("java -jar target/footfall.jar validate --days " + input.days);
    if (secondSensor != null) {
      command.append(" --second-sensor ").append(secondSensor);
    }
    if (fixedMacs != null) {
      command.append(" --fixed-macs ").append(fixedMacs);
    }
    configs.forEach(c -> command.append(" --config ").append(c));
    if (!timezone.equals("UTC")) {
      command.append(" --timezone ").append(timezone);
    }
    String md = LeaveOneDayOut.markdown(result, LeaveOneDayOut.perConfig(days, windowMs), labels, command.toString(),
        LocalDate.now(ZoneOffset.UTC).toString());
    System.out.print(md);
    if (json != null) {
      Files.writeString(json, LeaveOneDayOut.json(result, labels).encodePrettily());
    }
    if (updateDoc != null) {
      replaceSection(updateDoc, md);
    }
    return 0;
  }

  private static List<Path> listPcaps(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches(".+_.+\\.pcap(ng)?")).sorted().toList();
    }
  }

  private static Path countsFor(Path pcap, String name) throws IOException {
    try (Stream<Path> files = Files.list(pcap.getParent())) {
      return files.filter(p -> p.getFileName().toString().startsWith(name + "_")
              && p.getFileName().toString().endsWith(".csv")).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(pcap + ": no counts file " + name + "_*.csv beside it"));
    }
  }

  private static void writeWindows(Path file, List<RealWindow> windows) throws IOException {
    JsonArray rows = new JsonArray();
    windows.forEach(w -> rows.add(new JsonArray().add(w.start()).add(w.people()).add(w.devices()).add(w.addresses())
        .add(w.localHour())));
    Files.createDirectories(file.getParent());
    Files.writeString(file, rows.encode());
  }

  private static List<RealWindow> readWindows(Path file) throws IOException {
    List<RealWindow> windows = new ArrayList<>();
    for (Object o : new JsonArray(Files.readString(file))) {
      JsonArray r = (JsonArray) o;
      windows.add(new RealWindow(r.getLong(0), r.getDouble(1), r.getDouble(2), r.getInteger(3), r.getInteger(4)));
    }
    return windows;
  }

  private static void replaceSection(Path doc, String md) throws IOException {
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(doc + ": no '" + BEGIN + "' ... '" + END + "' section to replace");
    }
    Files.writeString(doc, text.substring(0, begin + BEGIN.length()) + "\n" + md + text.substring(end));
  }

  private List<String> fixedMacs() throws IOException {
    List<String> macs = new ArrayList<>(fixedMac);
    if (fixedMacs != null) {
      for (String line : Files.readAllLines(fixedMacs)) {
        String mac = line.replaceAll("#.*", "").strip();
        if (!mac.isEmpty()) {
          macs.add(mac);
        }
      }
    }
    return macs;
  }

  private static String line(String name, RealScore s) {
    return String.format(Locale.ROOT, "%-9s %7s %7s %7s %11s   (%d windows, %d empty)%n", name, LeaveOneDayOut.f2(s.mae()),
        LeaveOneDayOut.pct(s.mape()), LeaveOneDayOut.f2(s.bias()), LeaveOneDayOut.f2(s.emptyError()), s.windows(),
        s.emptyWindows());
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("footfall validate: could not delete " + dir + ": " + e.getMessage());
    }
  }
}

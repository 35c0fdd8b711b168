package io.footfall.auth;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Who may call what under {@code /api/sites/{site}}: admins everything; control-room users everything of their
 * sites; store managers only reads of their own store zones — the site itself, its occupancy and its alerts (all
 * filtered to their zones by the routes), {@code zones/{zone}/...}, {@code stores/{zone}/...},
 * {@code repeat?zone={zone}} and {@code estimates?zone={zone}}. Anything else is 403, so that a new endpoint is
 * closed to store managers until someone decides otherwise.
 */
final class Access {

  private Access() {
  }

  static void authorize(RoutingContext ctx) {
    List<String> parts = Arrays.stream(ctx.normalizedPath().split("/")).skip(3)
        .map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).toList();
    if (parts.isEmpty() || parts.get(0).isEmpty()) {
      ctx.next();
      return;
    }
    User user = WebAuth.user(ctx);
    String site = parts.get(0);
    if (user != null && (user.seesWholeSite(site) || storeManagerMay(ctx, user, site, parts.subList(1, parts.size())))) {
      ctx.next();
      return;
    }
    WebAuth.reply(ctx, 403, new JsonObject().put("error", "forbidden"));
  }

  private static boolean storeManagerMay(RoutingContext ctx, User user, String site, List<String> rest) {
    if (!user.maySeeSite(site) || ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
      return false;
    }
    if (rest.isEmpty() || rest.size() == 1 && (rest.get(0).equals("occupancy") || rest.get(0).equals("alerts"))) {
      return true;
    }
    String first = rest.get(0);
    if ((first.equals("zones") || first.equals("stores")) && rest.size() >= 2) {
      return user.maySeeZone(site, rest.get(1));
    }
    if ((first.equals("repeat") || first.equals("estimates")) && rest.size() == 1) {
      String zone = ctx.request().getParam("zone");
      return zone != null && user.maySeeZone(site, zone);
    }
    return false;
  }
}

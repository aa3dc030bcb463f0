package dev.clv.segmentation.webhook.dispatch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.clv.segmentation.webhook.WebhookConfig;

/**
 * The SSRF guard for webhook URLs: https only, a host name or a canonical public IP literal, and at delivery every
 * address the name resolves to must be public; the request then goes to the vetted address (a name that resolves
 * differently a moment later, DNS rebinding, gains nothing). Written here because no library in reach classifies
 * addresses this way (CGNAT, IPv4-mapped IPv6 and odd numeric encodings included).
 */
@ApplicationScoped
public class EndpointGuard {
    // 127.1, 0x7f.0.0.1, 017700000001, 2130706433: a host whose last label is a number is read as an address, in
    // odd ways (no real top-level domain starts with a digit); only the canonical dotted quad is accepted
    private static final Pattern ENDS_IN_NUMBER = Pattern.compile("(?:.*\\.)?(?:[0-9]+|0[xX][0-9a-fA-F]*)\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private final HostResolver resolver;
    private final boolean allowLoopbackHttp;

    @Inject
    public EndpointGuard(HostResolver resolver, WebhookConfig config) {
        this(resolver, config.allowLoopbackHttp());
    }

    EndpointGuard(HostResolver resolver, boolean allowLoopbackHttp) {
        this.resolver = resolver;
        this.allowLoopbackHttp = allowLoopbackHttp;
    }

    /** Resolves host names; a seam so tests can answer with any address. */
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL's target, vetted: connect to {@code address}, send {@code host} as Host and TLS server name. */
    public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {
    }

    /** Checks a URL's form when it is registered; null when acceptable, else the reason. */
    public String refuseForm(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return "must be an absolute URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must be an absolute URL with a host, without user info or fragment";
        }
        if (!scheme.equals("https") && !(allowLoopbackHttp && scheme.equals("http"))) {
            return "must use https";
        }
        String host = uri.getHost();
        if (!host.startsWith("[") && ENDS_IN_NUMBER.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            return "must name its host, or give a plain dotted IPv4 address";
        }
        if (host.startsWith("[") && mappedIpv4(host.substring(1, host.length() - 1))) {
            return "must not be an IPv6 address that embeds an IPv4 one";
        }
        return null;
    }

    // Java reads ::ffff:a.b.c.d as the IPv4 address itself, so the literal's text is checked before that happens
    private static boolean mappedIpv4(String literal) {
        try {
            return literal.contains(".") || InetAddress.getByName(literal) instanceof Inet4Address;
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** Resolves and vets a registered URL for one delivery; throws with the reason when it must not be called. */
    public Target vet(String url) throws RefusedEndpoint {
        String refused = refuseForm(url);
        if (refused != null) {
            throw new RefusedEndpoint("the URL " + refused);
        }
        URI uri = URI.create(url);
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedEndpoint("the host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedEndpoint("the host " + host + " does not resolve");
        }
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        for (InetAddress a : addresses) {
            String why = refuseAddress(a);
            if (why != null && !(allowLoopbackHttp && a.isLoopbackAddress())) {
                throw new RefusedEndpoint("the host " + host + " resolves to " + a.getHostAddress() + ", " + why);
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, uri.getHost(), port, tls, addresses[0]);
    }

    /** Null for a public unicast address, else what it is. */
    static String refuseAddress(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            if (x == 0 || x >= 240) {
                return "a reserved address";
            }
            if (x == 100 && y >= 64 && y < 128) {
                return "a carrier-grade NAT address";
            }
            if (x == 192 && y == 0 && (b[2] & 0xff) == 0 || x == 198 && (y == 18 || y == 19)) {
                return "a special-purpose address";
            }
            return null;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique local (private) address";
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return "an IPv4-mapped address";
            }
            // addresses that carry an IPv4 one a gateway may translate to: NAT64 (64:ff9b::/96), 6to4 (2002::/16),
            // Teredo (2001::/32)
            if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    || b[0] == 0x20 && b[1] == 0x02 || b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
                return "an address that embeds an IPv4 one (NAT64, 6to4 or Teredo)";
            }
        }
        return null;
    }

    /** A webhook URL that must not be called, with the reason. */
    public static final class RefusedEndpoint extends Exception {
        public RefusedEndpoint(String reason) {
            super(reason);
        }
    }
}

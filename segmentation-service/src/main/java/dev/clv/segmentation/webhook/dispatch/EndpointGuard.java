package dev.clv.segmentation.webhook.dispatch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.clv.segmentation.webhook.WebhookConfig;

/**
 * The SSRF guard for webhook URLs: https only, on an allowed port (443 or 8443 by default), a host name or a
 * canonical public IP literal, and at delivery every address the name resolves to must be public; the request then
 * goes to the vetted address (a name that resolves differently a moment later, DNS rebinding, gains nothing). A
 * refusal never names the address a host resolved to: callers must not learn the private network's layout from it.
 * Written here because no library in reach classifies addresses this way (CGNAT, IPv4-mapped and IPv4-compatible
 * IPv6 and odd numeric encodings included); IPv6 is held to global unicast (2000::/3) minus its special blocks.
 */
@ApplicationScoped
public class EndpointGuard {
    // 127.1, 0x7f.0.0.1, 017700000001, 2130706433: a host whose last label is a number is read as an address, in
    // odd ways (no real top-level domain starts with a digit); only the canonical dotted quad is accepted
    private static final Pattern ENDS_IN_NUMBER = Pattern.compile("(?:.*\\.)?(?:[0-9]+|0[xX][0-9a-fA-F]*)\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    static final List<Integer> DEFAULT_PORTS = List.of(443, 8443);
    private final HostResolver resolver;
    private final boolean allowLoopbackHttp;
    private final List<Integer> allowedPorts;

    @Inject
    public EndpointGuard(HostResolver resolver, WebhookConfig config) {
        this(resolver, config.allowLoopbackHttp(), config.allowedPorts());
    }

    EndpointGuard(HostResolver resolver, boolean allowLoopbackHttp) {
        this(resolver, allowLoopbackHttp, DEFAULT_PORTS);
    }

    EndpointGuard(HostResolver resolver, boolean allowLoopbackHttp, List<Integer> allowedPorts) {
        this.resolver = resolver;
        this.allowLoopbackHttp = allowLoopbackHttp;
        this.allowedPorts = List.copyOf(allowedPorts);
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
        // in development any port may be right for a loopback target, which only resolving tells: vet() checks then
        if (uri.getPort() != -1 && !allowedPorts.contains(uri.getPort()) && !allowLoopbackHttp) {
            return ports();
        }
        InetAddress literal = literal(host);
        if (literal != null && PublicAddresses.refusal(literal) != null
                && !(allowLoopbackHttp && literal.isLoopbackAddress())) {
            return "must point at a public address";
        }
        return null;
    }

    private String ports() {
        return "must use port " + String.join(" or ", allowedPorts.stream().map(String::valueOf).toList())
                + " (or name none)";
    }

    // a dotted quad or a bracketed IPv6 literal as an address, without DNS; null for a name
    private static InetAddress literal(String host) {
        try {
            if (host.startsWith("[")) {
                return InetAddress.getByName(host.substring(1, host.length() - 1));
            }
            return DOTTED_QUAD.matcher(host).matches() ? InetAddress.getByName(host) : null;
        } catch (UnknownHostException e) {
            return null;
        }
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
        boolean loopback = true;
        for (InetAddress a : addresses) {
            if (PublicAddresses.refusal(a) != null && !(allowLoopbackHttp && a.isLoopbackAddress())) {
                throw new RefusedEndpoint("the host " + host + " resolves to a non-public address");
            }
            loopback &= a.isLoopbackAddress();
        }
        if (uri.getPort() != -1 && !allowedPorts.contains(uri.getPort()) && !(allowLoopbackHttp && loopback)) {
            throw new RefusedEndpoint("the URL " + ports());
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, uri.getHost(), port, tls, addresses[0]);
    }

    /** A webhook URL that must not be called, with the reason. */
    public static final class RefusedEndpoint extends Exception {
        public RefusedEndpoint(String reason) {
            super(reason);
        }
    }
}

package dev.clv.segmentation.webhook.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.clv.segmentation.webhook.dispatch.EndpointGuard.RefusedEndpoint;

class EndpointGuardTest {
    // a stub resolver: each name resolves to what the test says, whatever real DNS would answer
    private static final Map<String, String[]> DNS = Map.ofEntries(Map.entry("hooks.example.com", new String[]{
            "93.184.216.34"}), Map.entry("v6.example.com", new String[]{"2606:2800:220:1::1"}),
            Map.entry("metadata.example.com", new String[]{"169.254.169.254"}),
            Map.entry("rebind.example.com", new String[]{"93.184.216.34", "10.0.0.7"}),
            Map.entry("compat.example.com", new String[]{"::7f00:1"}),
            Map.entry("internal.example.com", new String[]{"10.20.30.40"}),
            Map.entry("localhost", new String[]{"127.0.0.1"}));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] addresses = DNS.get(host);
        if (addresses == null) {
            // literals resolve to themselves, without DNS
            if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[]{InetAddress.getByName(host)};
        }
        InetAddress[] out = new InetAddress[addresses.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByName(addresses[i]);
        }
        return out;
    }

    private final EndpointGuard strict = new EndpointGuard(EndpointGuardTest::resolve, false);
    private final EndpointGuard local = new EndpointGuard(EndpointGuardTest::resolve, true);

    @Test
    void hostNamesThatOnlyLookNumericAreNames() throws Exception {
        assertNull(strict.refuseForm("https://cafe.de/hook"));
        assertNull(strict.refuseForm("https://0x.example.com/hook"));
        assertNull(strict.refuseForm("https://8.8.8.8/hook"));
    }

    @Test
    void aPublicHttpsEndpointIsCalledAtTheVettedAddressUnderItsName() throws Exception {
        EndpointGuard.Target t = strict.vet("https://hooks.example.com/clv?x=1");
        assertEquals("93.184.216.34", t.address().getHostAddress());
        assertEquals("hooks.example.com", t.host());
        assertEquals(443, t.port());
        assertTrue(t.tls());
        assertEquals("2606:2800:220:1:0:0:0:1", strict.vet("https://v6.example.com:8443/").address()
                .getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/", "https://127.0.0.1/", "https://10.1.2.3/", "https://172.16.0.1/",
            "https://172.31.255.255/", "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data",
            "https://metadata.example.com/", "https://100.64.0.1/", "https://100.127.255.254/", "https://224.0.0.1/",
            "https://0.0.0.0/", "https://255.255.255.255/", "https://[::1]/", "https://[::]/", "https://[fe80::1]/",
            "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[ff02::1]/", "https://rebind.example.com/",
            "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/", "https://[::127.0.0.1]/",
            "https://[64:ff9b::7f00:1]/", "https://[2002:7f00:1::1]/", "https://[2001:0:4136:e378::1]/",
            "https://2130706433/", "https://0x7f.0.0.1/", "https://0x7f000001/", "https://017700000001/",
            "https://127.1/", "https://0177.0.0.1/", "https://127.000.000.001/", "http://hooks.example.com/",
            "https://user:pw@hooks.example.com/", "https://nowhere.invalid/", "gopher://hooks.example.com/",
            "https:///path-only", "not a url",
            // IPv4-compatible IPv6 (::a.b.c.d, deprecated) in every spelling, and the rest outside global unicast
            "https://[::7f00:1]/", "https://[::a00:1]/", "https://[::808:808]/", "https://[::10.0.0.1]/",
            "https://compat.example.com/", "https://[100::1]/", "https://[64:ff9b:1::1]/", "https://[fec0::1]/",
            "https://[2001:db8::1]/", "https://[3fff::1]/", "https://[2001:2::1]/", "https://192.0.2.10/",
            "https://198.51.100.1/", "https://203.0.113.9/", "https://192.88.99.1/",
            // ports other than 443 and 8443
            "https://hooks.example.com:22/", "https://hooks.example.com:80/", "https://hooks.example.com:6379/",
            "https://hooks.example.com:9443/", "https://hooks.example.com:0/"})
    void everyPrivateOrOddTargetIsRefused(String url) {
        RefusedEndpoint e = assertThrows(RefusedEndpoint.class, () -> strict.vet(url), url);
        assertNotNull(e.getMessage());
    }

    @Test
    void theDevelopmentSettingAllowsHttpToLoopbackOnly() throws Exception {
        assertEquals("127.0.0.1", local.vet("http://127.0.0.1:8080/hook").address().getHostAddress());
        assertEquals("127.0.0.1", local.vet("http://localhost:8080/hook").address().getHostAddress());
        assertThrows(RefusedEndpoint.class, () -> local.vet("http://10.0.0.1/hook"));
        assertThrows(RefusedEndpoint.class, () -> local.vet("http://metadata.example.com/"));
        assertNull(local.refuseForm("http://localhost:1/"));
        assertEquals("must use https", strict.refuseForm("http://localhost:1/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://metadata.example.com/", "https://rebind.example.com/",
            "https://compat.example.com/", "https://internal.example.com/"})
    void aRefusalNeverNamesTheAddressAHostResolvedTo(String url) throws Exception {
        String message = assertThrows(RefusedEndpoint.class, () -> strict.vet(url)).getMessage();
        String host = java.net.URI.create(url).getHost();
        assertEquals("the host " + host + " resolves to a non-public address", message);
        for (String address : new String[]{"169.254", "10.0.0.7", "7f00", "127.0.0.1", "10.20.30.40"}) {
            assertFalse(message.contains(address), message);
        }
    }

    @Test
    void onlyAllowedPortsExceptForLoopbackInDevelopment() throws Exception {
        assertEquals(8443, strict.vet("https://hooks.example.com:8443/hook").port());
        assertEquals(443, strict.vet("https://hooks.example.com:443/hook").port());
        assertEquals("must use port 443 or 8443 (or name none)", strict.refuseForm("https://hooks.example.com:9443/"));
        assertNull(new EndpointGuard(EndpointGuardTest::resolve, false, java.util.List.of(443, 9443))
                .refuseForm("https://hooks.example.com:9443/"), "the list is a setting");
        // development: a local receiver listens wherever it likes, a public host still keeps to the list
        assertEquals(54321, local.vet("http://127.0.0.1:54321/hook").port());
        assertEquals(54321, local.vet("http://localhost:54321/hook").port());
        RefusedEndpoint e = assertThrows(RefusedEndpoint.class, () -> local.vet("https://hooks.example.com:9443/"));
        assertEquals("the URL must use port 443 or 8443 (or name none)", e.getMessage());
    }

    @Test
    void aLiteralAddressIsVettedWhenRegistered() {
        assertEquals("must point at a public address", strict.refuseForm("https://10.1.2.3/"));
        assertEquals("must point at a public address", strict.refuseForm("https://[::7f00:1]/"));
        assertEquals("must point at a public address", local.refuseForm("http://10.1.2.3:8080/"));
        assertNull(local.refuseForm("http://127.0.0.1:8080/"));
        assertNull(strict.refuseForm("https://[2606:2800:220:1::1]/"));
    }

    @Test
    void specialPurposeRangesAreClassifiedByHand() throws Exception {
        assertNull(PublicAddresses.refusal(InetAddress.getByName("8.8.8.8")));
        assertNull(PublicAddresses.refusal(InetAddress.getByName("100.63.255.255")), "just below CGNAT");
        assertNull(PublicAddresses.refusal(InetAddress.getByName("100.128.0.0")), "just above CGNAT");
        assertNull(PublicAddresses.refusal(InetAddress.getByName("172.32.0.1")), "just above 172.16/12");
        assertEquals("a carrier-grade NAT address", PublicAddresses.refusal(InetAddress.getByName("100.64.0.0")));
        assertNull(PublicAddresses.refusal(InetAddress.getByName("2606:2800:220:1::1")), "global unicast");
        assertNull(PublicAddresses.refusal(InetAddress.getByName("2001:200::1")), "just above 2001::/23");
        assertNotNull(PublicAddresses.refusal(InetAddress.getByName("::7f00:1")), "IPv4-compatible loopback");
        assertNotNull(PublicAddresses.refusal(InetAddress.getByName("::808:808")), "IPv4-compatible, any");
    }
}

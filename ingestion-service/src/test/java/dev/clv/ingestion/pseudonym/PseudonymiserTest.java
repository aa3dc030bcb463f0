package dev.clv.ingestion.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The pseudonym's format, normalisation and recognition, and the master key's checks, without a service. */
class PseudonymiserTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static MasterKey key(String value) {
        return new MasterKey(new PseudonymConfig() {
            @Override
            public Optional<String> masterKey() {
                return Optional.ofNullable(value);
            }

            @Override
            public Duration cacheFor() {
                return Duration.ofSeconds(5);
            }
        });
    }

    @Test
    void aValueGetsOneFixedLengthPseudonymPerTenantThatIsRecognisedAndKept() {
        Pseudonymiser a = new Pseudonymiser(key(KEY).macFor("a"));
        Pseudonymiser b = new Pseudonymiser(key(KEY).macFor("b"));
        String p = a.text("Ann@Example.com ", true);
        assertTrue(p.matches("ps1_[A-Za-z0-9_-]{22}"), p);
        assertEquals(p, a.text("ann@example.com", true), "an email is trimmed and lower-cased");
        assertNotEquals(p, a.text("Ann@Example.com", false), "other fields keep their case");
        assertNotEquals(p, b.text("ann@example.com", true));
        assertTrue(Pseudonymiser.isPseudonym(p));
        assertEquals(p, b.text(p, true), "a pseudonym is never hashed again");
        assertEquals(p, a.text(" " + p + " ", false));
        String almost = "ps1_" + "A".repeat(21) + "B"; // not what 16 bytes encode to
        assertFalse(Pseudonymiser.isPseudonym(almost));
        assertNotEquals(almost, a.text(almost, false), "only the exact format is kept");
        assertFalse(Pseudonymiser.isPseudonym(p + "A"));
        assertFalse(Pseudonymiser.isPseudonym(p.replace("ps1_", "ps2_")));
        assertEquals("  ", a.text("  ", false), "nothing to hide in a blank");
    }

    @Test
    void attributeValuesKeepTheirShapeWithEveryStringAndNumberReplaced() {
        Pseudonymiser p = new Pseudonymiser(key(KEY).macFor("a"));
        Object out = p.value(Map.of("home", List.of("555-1", 5551), "verified", true), false);
        Map<?, ?> map = (Map<?, ?>) out;
        assertEquals(true, map.get("verified"));
        List<?> home = (List<?>) map.get("home");
        assertEquals(p.text("555-1", false), home.get(0));
        assertEquals(p.text("5551", false), home.get(1));
    }

    @Test
    void aKeyThatIsSetMustBeBase64OfAtLeast32Bytes() {
        assertFalse(key(null).configured());
        assertTrue(key(KEY).configured());
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class, () -> key("not base64!"));
        assertTrue(notBase64.getMessage().contains("PSEUDONYMISATION_KEY"));
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalStateException tooShort = assertThrows(IllegalStateException.class, () -> key(shortKey));
        assertTrue(tooShort.getMessage().contains("16 bytes"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains(shortKey), "a secret is never echoed");
    }
}

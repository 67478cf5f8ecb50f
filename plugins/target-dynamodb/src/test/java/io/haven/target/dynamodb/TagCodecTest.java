package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TagCodecTest {

    @Test
    void encodesSortedUrlEncodedPairs() {
        assertThat(TagCodec.encode(Map.of("team", "data eng", "env", "prod", "k=1", "a;b%")))
                .isEqualTo("env=prod;k%3D1=a%3Bb%25;team=data+eng");
        assertThat(TagCodec.encode(Map.of())).isEmpty();
    }

    @Test
    void decodesWhatItEncoded() {
        assertThat(TagCodec.decode("env=prod;k%3D1=a%3Bb%25;empty=")).containsExactly(
                Map.entry("env", "prod"), Map.entry("k=1", "a;b%"), Map.entry("empty", ""));
        assertThat(TagCodec.decode("")).isEmpty();
        assertThat(TagCodec.decode(null)).isEmpty();
    }

    @Test
    void refusesWhatIsNotPairs() {
        assertThatThrownBy(() -> TagCodec.decode("env")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TagCodec.decode("env=%zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void roundTripsAnyTags(@ForAll Map<String, String> tags) {
        assertThat(TagCodec.decode(TagCodec.encode(tags))).isEqualTo(tags);
    }
}

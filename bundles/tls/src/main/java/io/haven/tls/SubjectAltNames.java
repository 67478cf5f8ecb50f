package io.haven.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/** Host names and IP addresses as subject alternative names, compared in one normal form. */
final class SubjectAltNames {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private SubjectAltNames() {
    }

    /** IP literals become iPAddress entries, everything else dNSName entries. */
    static GeneralNames toGeneralNames(List<String> hostnames) {
        GeneralName[] names = hostnames.stream()
                .map(name -> isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        return new GeneralNames(names);
    }

    /** The normal form of configured names: DNS names lower-cased, IP addresses as {@link InetAddress} prints them. */
    static Set<String> normalise(List<String> hostnames) {
        Set<String> normal = new LinkedHashSet<>();
        for (String name : hostnames) {
            normal.add(isIpLiteral(name) ? normaliseIp(name) : name.toLowerCase(Locale.ROOT));
        }
        return normal;
    }

    /** The DNS and IP subject alternative names of a certificate, in the normal form. */
    static Set<String> of(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return names;
            }
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == DNS_NAME) {
                    names.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == IP_ADDRESS) {
                    names.add(normaliseIp((String) entry.get(1)));
                }
            }
            return names;
        } catch (CertificateParsingException e) {
            return names;
        }
    }

    private static boolean isIpLiteral(String name) {
        return IPAddress.isValid(name);
    }

    private static String normaliseIp(String literal) {
        try {
            // a literal: InetAddress parses it without any name lookup
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}

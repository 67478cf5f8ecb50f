package io.haven.aws;

import java.util.regex.Pattern;

/**
 * Who a set of credentials is, as STS GetCallerIdentity says.
 *
 * @param accountId the 12-digit account number
 * @param arn       the caller's ARN, such as {@code arn:aws:iam::123456789012:user/haven}; null when unknown
 */
public record AwsCaller(String accountId, String arn) {

    /** The account's root user in any partition: {@code arn:aws:iam::123456789012:root}, {@code arn:aws-cn:...}. */
    private static final Pattern ROOT = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:root");

    /** Whether these are the AWS account's root user credentials, which AWS advises never to hand to a tool. */
    public boolean isRootUser() {
        return arn != null && ROOT.matcher(arn).matches();
    }
}

/// Where replicas run: a design spans `zones:` failure domains (cloud availability zones), each up
/// independently with probability `zone_availability:`, and a zone that fails takes every replica
/// in it down at once. Replicas are spread round-robin, so a component with fewer replicas than
/// zones occupies as many zones as it has replicas.
public enum Zones {
    /// Zones a design spans when the file does not say: three, the count every AWS region launched
    /// since 2017 has at least (docs.aws.amazon.com, "Regions and Zones"), and the usual minimum
    /// for a quorum that survives one zone.
    public static let defaultCount = 3
    /// Most zones a design may declare; the analytic availability enumerates all 2^zones states.
    public static let maximumCount = 8
    /// Probability that one zone is up when the file does not say: 99.9 %, the Google Compute
    /// Engine SLA for a single-zone instance (cloud.google.com/compute/sla; 99.99 % across zones).
    public static let defaultAvailability = 0.999
    /// Where ``defaultCount`` and ``defaultAvailability`` come from, for `mlsd catalog --sources`.
    public static let source = "3 zones: every AWS region since 2017 has at least 3 AZs; zone 99.9%: GCE SLA for a single-zone instance"
}

//! Paired tests for the pre/post self-assessment: the sign test and the Wilcoxon signed-rank test.
//!
//! Inputs are paired differences `post - pre` on a 5-point scale, so zeros and ties are the rule, not
//! the exception; both tests drop zeros (Wilcoxon's convention) and the signed-rank test gives ties
//! mid-ranks. No statistics crate: the p-values the instructor sees come from the code below.

use serde::Serialize;
use std::f64::consts::{LN_2, SQRT_2};

/// Up to this many non-zero differences the null distribution is enumerated exactly; past it the
/// normal approximation is already good to about 0.01 and the table would grow as n².
const EXACT_LIMIT: usize = 50;

/// Which way the p-value was computed.
///
/// Reported so that the instructor view can say "exact" or "approx." next to a p-value, as a
/// published table would.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Method {
    Exact,
    NormalApproximation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SignTest {
    pub positive: u32,
    pub negative: u32,
    /// Reported although unused by the test, so that a statement where most trainees did not move
    /// is not mistaken for one where few answered.
    pub zeros: u32,
    pub p_value: f64,
}

/// Exact two-sided binomial sign test on the non-zero differences (zeros dropped, as is conventional).
/// p = min(1, 2 * P(X <= min(pos,neg))) with X ~ Bin(pos+neg, 1/2). None when every difference is zero or the slice is empty.
///
/// Kept beside the signed-rank test because it assumes nothing about the spacing of the scale,
/// which for agreement ratings is debatable.
pub fn sign_test(differences: &[i32]) -> Option<SignTest> {
    let positive = differences.iter().filter(|&&d| d > 0).count();
    let negative = differences.iter().filter(|&&d| d < 0).count();
    let zeros = differences.len() - positive - negative;
    let trials = positive + negative;
    if trials == 0 {
        return None;
    }
    let tail = binomial_half_lower_tail(trials as u64, positive.min(negative) as u64);
    Some(SignTest {
        positive: saturate(positive),
        negative: saturate(negative),
        zeros: saturate(zeros),
        p_value: (2.0 * tail).min(1.0),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SignedRankTest {
    /// Non-zero differences used.
    pub n: u32,
    /// Dropped zero differences (Wilcoxon's method).
    pub zeros: u32,
    /// Sum of the (mid)ranks of the positive differences.
    pub w_plus: f64,
    pub w_minus: f64,
    /// Two-sided.
    pub p_value: f64,
    pub method: Method,
}

/// Wilcoxon signed-rank test, two-sided, zeros dropped (Wilcoxon), ties given mid-ranks.
///
/// Exact for up to 50 non-zero differences, with ties handled exactly rather than by the normal
/// approximation that R and SciPy fall back to: a class of 20 on a 5-point scale always has ties.
pub fn wilcoxon_signed_rank(differences: &[i32]) -> Option<SignedRankTest> {
    // unsigned_abs: |i32::MIN| does not fit an i32 but does fit a u32.
    let mut signed: Vec<(u32, bool)> = differences
        .iter()
        .filter(|&&d| d != 0)
        .map(|&d| (d.unsigned_abs(), d > 0))
        .collect();
    if signed.is_empty() {
        return None;
    }
    let zeros = differences.len() - signed.len();
    signed.sort_unstable_by_key(|&(magnitude, _)| magnitude);
    let ranked = rank(&signed);
    let n = signed.len();
    let total_doubled = ranked
        .doubled_ranks
        .iter()
        .map(|&r| u128::from(r))
        .sum::<u128>();
    let doubled_w_minus = total_doubled - ranked.doubled_w_plus;
    let w_plus = ranked.doubled_w_plus as f64 / 2.0;
    let (p_value, method) = if n <= EXACT_LIMIT {
        (
            exact_p(&ranked.doubled_ranks, ranked.doubled_w_plus),
            Method::Exact,
        )
    } else {
        (
            normal_approximation_p(n, ranked.tie_sum, w_plus),
            Method::NormalApproximation,
        )
    };
    Some(SignedRankTest {
        n: saturate(n),
        zeros: saturate(zeros),
        w_plus,
        w_minus: doubled_w_minus as f64 / 2.0,
        p_value,
        method,
    })
}

/// Mean of the differences; None for an empty slice.
///
/// Shown next to the p-values because a test alone says nothing about how far agreement moved.
pub fn mean(values: &[i32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // i128: a sum of i32s cannot overflow it for any slice that fits in memory.
    let sum: i128 = values.iter().map(|&v| i128::from(v)).sum();
    Some(sum as f64 / values.len() as f64)
}

/// Counts beyond u32 cannot occur for a class, but a report should never panic on one.
fn saturate(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

struct Ranked {
    /// Twice each difference's mid-rank: always an integer, so ties stay exact in the DP.
    doubled_ranks: Vec<u64>,
    /// Twice W+, exact for the same reason.
    doubled_w_plus: u128,
    /// sum(t³ - t) over groups of tied magnitudes, for the variance correction.
    tie_sum: f64,
}

/// Mid-ranks of magnitudes already sorted ascending.
fn rank(sorted: &[(u32, bool)]) -> Ranked {
    let mut doubled_ranks = Vec::with_capacity(sorted.len());
    let mut doubled_w_plus = 0u128;
    let mut tie_sum = 0.0;
    let mut start = 0;
    while start < sorted.len() {
        let magnitude = sorted[start].0;
        let end = start
            + sorted[start..]
                .iter()
                .take_while(|&&(m, _)| m == magnitude)
                .count();
        // Ranks start+1..=end; their mean doubled is start+1+end.
        let doubled = (start + 1 + end) as u64;
        for &(_, positive) in &sorted[start..end] {
            doubled_ranks.push(doubled);
            if positive {
                doubled_w_plus += u128::from(doubled);
            }
        }
        let ties = (end - start) as f64;
        tie_sum += ties * ties * ties - ties;
        start = end;
    }
    Ranked {
        doubled_ranks,
        doubled_w_plus,
        tie_sum,
    }
}

/// Two-sided exact p from the null distribution of 2·W+, built one rank at a time: each rank joins
/// W+ with probability 1/2. Every entry is a count over 2^k with count ≤ 2^k ≤ 2^50, which f64
/// represents exactly, so the table and its tail sums carry no rounding error at all.
fn exact_p(doubled_ranks: &[u64], doubled_w_plus: u128) -> f64 {
    let total: u64 = doubled_ranks.iter().sum();
    let mut distribution = vec![0.0f64; total as usize + 1];
    distribution[0] = 1.0;
    for &rank in doubled_ranks {
        let rank = rank as usize;
        for sum in (rank..distribution.len()).rev() {
            distribution[sum] = 0.5 * (distribution[sum] + distribution[sum - rank]);
        }
        for probability in &mut distribution[..rank.min(total as usize + 1)] {
            *probability *= 0.5;
        }
    }
    let observed = (doubled_w_plus as usize).min(total as usize);
    let lower: f64 = distribution[..=observed].iter().sum();
    let upper: f64 = distribution[observed..].iter().sum();
    (2.0 * lower.min(upper)).min(1.0)
}

/// Two-sided p from the normal approximation with tie and continuity corrections. The corrected
/// distance is floored at zero: a correction that crosses the mean would claim evidence in the
/// other direction.
fn normal_approximation_p(n: usize, tie_sum: f64, w_plus: f64) -> f64 {
    let n = n as f64;
    let expected = n * (n + 1.0) / 4.0;
    let variance = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tie_sum / 48.0;
    if variance.is_nan() || variance <= 0.0 {
        return 1.0;
    }
    let distance = ((w_plus - expected).abs() - 0.5).max(0.0);
    let z = distance / variance.sqrt();
    // 2·(1 − Φ(z)) = erfc(z/√2), computed in the tail directly so small p keep their digits.
    erfc(z / SQRT_2).clamp(0.0, 1.0)
}

/// erfc for x ≥ 0 by the Chebyshev fit `erfcc` of Numerical Recipes (2nd ed., §6.2), with
/// fractional error below 1.2e-7 everywhere: far finer than any p-value is read.
fn erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let polynomial = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t * (-x * x + polynomial).exp()
}

/// P(X ≤ k) for X ~ Bin(n, 1/2) and k ≤ n/2. Neither C(n, k) (overflows past n ≈ 1030) nor 2^-n
/// (underflows past n ≈ 1074) is formed: the tail is summed relative to its largest term pmf(k),
/// whose logarithm is built from a sum of logs, and the two are joined in log space.
fn binomial_half_lower_tail(n: u64, k: u64) -> f64 {
    let ln_choose: f64 = (1..=k).map(|i| ((n - k + i) as f64 / i as f64).ln()).sum();
    let ln_largest = ln_choose - n as f64 * LN_2;
    let mut term = 1.0;
    let mut relative_sum = 1.0;
    for i in (1..=k).rev() {
        // pmf(i - 1) / pmf(i) = i / (n - i + 1)
        term *= i as f64 / (n - i + 1) as f64;
        relative_sum += term;
        if term < relative_sum * 1e-17 {
            break;
        }
    }
    (ln_largest + relative_sum.ln()).exp().clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance
    }

    #[test]
    fn hollander_wolfe_depression_example_matches_r() {
        // R: wilcox.test(x, y, paired = TRUE) on the Hamilton depression scale data gives V = 40,
        // p-value = 0.03906. x - y scaled by 1000 keeps every sign and rank:
        // |d| ranks 10→1, 80→2, 147→3, 430→4, 490→5, 590→6, 620→7, 952→8, 1022→9; negatives are
        // -80 (2) and -147 (3), so W- = 5 and W+ = 45 - 5 = 40. P(W- ≤ 5) counts the subsets of
        // {1..9} with sum ≤ 5: {}, 1, 2, 3, 12, 4, 13, 5, 14, 23 = 10 of 512, so p = 20/512.
        // SciPy 1.17 wilcoxon(d, mode='exact') agrees: statistic 5, p 0.0390625.
        let differences = [952, -147, 1022, 430, 620, 590, 490, -80, 10];
        let test = wilcoxon_signed_rank(&differences).expect("non-zero differences");
        assert_eq!(test.w_plus, 40.0);
        assert_eq!(test.w_minus, 5.0);
        assert_eq!(test.method, Method::Exact);
        assert!(close(test.p_value, 20.0 / 512.0, 1e-6), "{}", test.p_value);
    }

    #[test]
    fn tiny_cases_match_enumeration() {
        // [1,2,3]: W+ = 6 is the single largest of 8 equally likely sign patterns: P(W+ ≥ 6) = 1/8,
        // so p = 2/8 = 0.25.
        let all_up = wilcoxon_signed_rank(&[1, 2, 3]).expect("non-zero");
        assert_eq!(all_up.w_plus, 6.0);
        assert!(close(all_up.p_value, 0.25, 1e-12));
        // [-1,2,3,4]: W+ = 9, W- = 1. Of the 16 patterns, W- ≤ 1 for W- ∈ {0 ({}), 1 ({1})}:
        // P(W+ ≥ 9) = 2/16, so p = 4/16 = 0.25.
        let one_down = wilcoxon_signed_rank(&[-1, 2, 3, 4]).expect("non-zero");
        assert_eq!((one_down.w_plus, one_down.w_minus), (9.0, 1.0));
        assert!(close(one_down.p_value, 0.25, 1e-12));
    }

    #[test]
    fn ties_use_mid_ranks_and_exact_enumeration() {
        // [1,1,-1,2]: |d| = 1,1,1,2 → ranks 2,2,2,4; W+ = 2 + 2 + 4 = 8, W- = 2.
        // All 16 sign patterns (+ = counted in W+) for the ranks (2,2,2,4):
        //   ----:0  +---:2  -+--:2  --+-:2  ++--:4  +-+-:4  -++-:4  +++-:6
        //   ---+:4  +--+:6  -+-+:6  --++:6  ++-+:8  +-++:8  -+++:8  ++++:10
        // So W+ ∈ {0:1, 2:3, 4:4, 6:4, 8:3, 10:1}/16; P(W+ ≥ 8) = 4/16, P(W+ ≤ 8) = 15/16,
        // p = 2 · 4/16 = 0.5 (checked by the same brute force in Python).
        let test = wilcoxon_signed_rank(&[1, 1, -1, 2]).expect("non-zero");
        assert_eq!((test.w_plus, test.w_minus), (8.0, 2.0));
        assert!(close(test.p_value, 0.5, 1e-12), "{}", test.p_value);
        // Zeros are dropped, not ranked.
        let with_zeros = wilcoxon_signed_rank(&[0, 1, 1, 0, -1, 2]).expect("non-zero");
        assert_eq!((with_zeros.n, with_zeros.zeros), (4, 2));
        assert_eq!(with_zeros.p_value, test.p_value);
    }

    #[test]
    fn sign_test_matches_binomial_tails() {
        // 8 up, 2 down: P(X ≤ 2) = (1 + 10 + 45)/1024, p = 112/1024 = 0.109375
        // (SciPy binomtest(8, 10).pvalue = 0.109375). The zeros are reported, not used.
        let differences = [1, 2, 1, 3, 1, 1, 4, 1, -1, -2, 0, 0];
        let test = sign_test(&differences).expect("non-zero");
        assert_eq!((test.positive, test.negative, test.zeros), (8, 2, 2));
        assert!(close(test.p_value, 0.109_375, 1e-12), "{}", test.p_value);
        // 5 vs 5: 2 · P(X ≤ 5) = 2 · 638/1024 > 1, capped.
        let even = sign_test(&[1, 1, 1, 1, 1, -1, -1, -1, -1, -1]).expect("non-zero");
        assert_eq!(even.p_value, 1.0);
        assert_eq!(sign_test(&[0, 0, 0]), None);
        assert_eq!(sign_test(&[]), None);
        assert_eq!(wilcoxon_signed_rank(&[0, 0]), None);
        assert_eq!(wilcoxon_signed_rank(&[]), None);
    }

    #[test]
    fn sign_test_stays_in_range_for_large_n() {
        // 50,300 up of 100,000: SciPy binomtest(50300, 100000).pvalue = 0.0581974 (normal check:
        // z = (300 − 0.5)/158.114 = 1.8942, p ≈ 0.0582).
        let mut differences = vec![1; 50_300];
        differences.extend(std::iter::repeat_n(-1, 49_700));
        let test = sign_test(&differences).expect("non-zero");
        assert!(close(test.p_value, 0.058_197_35, 1e-7), "{}", test.p_value);
        // Far in the tail 2^-100000 underflows; the answer must still be a number in [0, 1].
        let lopsided = sign_test(&vec![1; 100_000]).expect("non-zero");
        assert_eq!(lopsided.p_value, 0.0);
    }

    #[test]
    fn normal_approximation_matches_hand_computation() {
        // 60 × (+1): all tied at mid-rank 30.5, W+ = 1830, E = 60·61/4 = 915,
        // Var = 60·61·121/24 − (60³ − 60)/48 = 18452.5 − 4498.75 = 13953.75,
        // z = (915 − 0.5)/√13953.75 = 7.741734, p = erfc(z/√2) = 9.80701e-15 (Python math.erfc;
        // SciPy wilcoxon(..., method='approx') agrees). Checked relatively: the absolute value is tiny.
        let all_up = wilcoxon_signed_rank(&[1; 60]).expect("non-zero");
        assert_eq!(all_up.method, Method::NormalApproximation);
        assert_eq!(all_up.w_plus, 1830.0);
        assert!(
            close(all_up.p_value / 9.807_006e-15, 1.0, 1e-6),
            "{}",
            all_up.p_value
        );
        // Mixed, 60 non-zero: |1|×40 (mid-rank 20.5), |2|×15 (48), |3|×5 (58).
        // W+ = 25·20.5 + 10·48 + 3·58 = 1166.5; Var = 18452.5 − (63960 + 3360 + 120)/48 = 17047.5;
        // z = (251.5 − 0.5)/√17047.5 = 1.922398, p = erfc(z/√2) = 0.0545557 (Python math.erfc;
        // SciPy wilcoxon(d, zero_method='wilcox', correction=True, method='approx') agrees).
        let mut mixed = vec![1; 25];
        mixed.extend(
            [-1; 15]
                .iter()
                .chain(&[2; 10])
                .chain(&[-2; 5])
                .chain(&[3; 3])
                .chain(&[-3; 2]),
        );
        mixed.extend([0; 5]);
        let test = wilcoxon_signed_rank(&mixed).expect("non-zero");
        assert_eq!((test.n, test.zeros, test.w_plus), (60, 5, 1166.5));
        assert!(close(test.p_value, 0.054_555_66, 1e-6), "{}", test.p_value);
    }

    #[test]
    fn exact_and_approximate_agree_at_the_boundary() {
        // 50 mixed differences (the exact path) against the approximation on the same ranks:
        // W+ = 842; exact p = 0.0428284 (brute-force enumeration in Python), approximation
        // z = 2.027919, p = 0.0425685 (SciPy method='approx' agrees).
        let mut differences = vec![1; 20];
        differences.extend(
            [-1; 10]
                .iter()
                .chain(&[2; 8])
                .chain(&[-2; 5])
                .chain(&[3; 4]),
        );
        differences.extend([-3, -3, 4]);
        let test = wilcoxon_signed_rank(&differences).expect("non-zero");
        assert_eq!(
            (test.n, test.method, test.w_plus),
            (50, Method::Exact, 842.0)
        );
        assert!(close(test.p_value, 0.042_828_40, 1e-7), "{}", test.p_value);
        let mut signed: Vec<(u32, bool)> = differences
            .iter()
            .map(|&d| (d.unsigned_abs(), d > 0))
            .collect();
        signed.sort_unstable_by_key(|&(magnitude, _)| magnitude);
        let approximate = normal_approximation_p(50, rank(&signed).tie_sum, test.w_plus);
        assert!(
            close(test.p_value, approximate, 0.01),
            "{} vs {approximate}",
            test.p_value
        );
    }

    /// Fixed pseudo-random differences in -4..=4 (a 64-bit LCG), so failures are reproducible.
    fn scale_differences(seed: u64, length: usize) -> Vec<i32> {
        let mut state = seed;
        (0..length)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((state >> 33) % 9) as i32 - 4
            })
            .collect()
    }

    #[test]
    fn properties_hold_on_fixed_inputs() {
        for (seed, length) in [
            (1, 5),
            (2, 17),
            (3, 40),
            (4, 50),
            (5, 51),
            (6, 120),
            (7, 10_000),
        ] {
            let differences = scale_differences(seed, length);
            let Some(test) = wilcoxon_signed_rank(&differences) else {
                continue;
            };
            let n = f64::from(test.n);
            assert!(
                (0.0..=1.0).contains(&test.p_value),
                "seed {seed}: {}",
                test.p_value
            );
            assert_eq!(
                test.w_plus + test.w_minus,
                n * (n + 1.0) / 2.0,
                "seed {seed}"
            );
            let flipped: Vec<i32> = differences.iter().map(|&d| -d).collect();
            let mirrored = wilcoxon_signed_rank(&flipped).expect("same non-zeros");
            assert_eq!(
                (mirrored.w_plus, mirrored.w_minus),
                (test.w_minus, test.w_plus)
            );
            assert!(close(mirrored.p_value, test.p_value, 1e-12), "seed {seed}");
            let sign = sign_test(&differences).expect("same non-zeros");
            let mirrored_sign = sign_test(&flipped).expect("same non-zeros");
            assert!((0.0..=1.0).contains(&sign.p_value));
            assert!(
                close(mirrored_sign.p_value, sign.p_value, 1e-12),
                "seed {seed}"
            );
        }
        // Extremes must not overflow: |i32::MIN| is ranked above i32::MAX.
        let extremes = [i32::MIN, i32::MAX, -1, 0, 1, i32::MIN];
        let test = wilcoxon_signed_rank(&extremes).expect("non-zero");
        assert_eq!((test.w_plus, test.w_minus), (1.5 + 3.0, 1.5 + 4.5 + 4.5));
        assert!(sign_test(&extremes).is_some());
        assert_eq!(mean(&[i32::MAX, i32::MAX]), Some(f64::from(i32::MAX)));
        assert_eq!(mean(&[-1, 2, 2]), Some(1.0));
        assert_eq!(mean(&[]), None);
    }
}

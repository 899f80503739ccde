//! Invariants of the voting rules on random profiles: Borda points sum to `W n(n − 1)/2`, Copeland scores
//! to 0, plurality counts to `W`; every optimal Kemeny ranking scores the optimum and no permutation scores
//! more; a Condorcet winner heads every optimal Kemeny ranking (Kemeny is a Condorcet method).

use mfg_quality_composite::aggregate::voting::{VotingProfile, kemeny_agreement, kemeny_optima};
use proptest::prelude::*;

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for i in 0..=p.len() {
            let mut q = p.clone();
            q.insert(i, n - 1);
            out.push(q);
        }
    }
    out
}

fn profile() -> impl Strategy<Value = VotingProfile> {
    (2usize..6).prop_flat_map(|n| {
        let ballot = (Just((0..n).collect::<Vec<usize>>()).prop_shuffle(), 1u32..5);
        proptest::collection::vec(ballot, 1..7).prop_map(move |ballots| {
            VotingProfile::from_rankings(
                (0..n).map(|c| format!("c{c}")).collect(),
                ballots
                    .into_iter()
                    .map(|(r, w)| (r, f64::from(w)))
                    .collect(),
            )
            .unwrap()
        })
    })
}

proptest! {
    #[test]
    fn counts_and_kemeny_optima_hold_their_invariants(p in profile()) {
        let n = p.n_candidates();
        let w = p.total_weight();
        let tol = 1e-9 * w.max(1.0);
        let borda: f64 = p.borda().points.iter().sum();
        prop_assert!((borda - w * (n * (n - 1)) as f64 / 2.0).abs() < tol);
        prop_assert!(p.copeland().score.iter().sum::<f64>().abs() < 1e-12);
        prop_assert!((p.plurality().iter().sum::<f64>() - w).abs() < tol);
        let k = kemeny_optima(&p, 1000).unwrap();
        prop_assert!(!k.rankings.is_empty());
        for r in &k.rankings {
            prop_assert!((kemeny_agreement(&p, r).unwrap() - k.agreement).abs() < 1e-9);
        }
        let mut optimal = 0;
        for r in permutations(n) {
            let a = kemeny_agreement(&p, &r).unwrap();
            prop_assert!(a <= k.agreement + 1e-9);
            if a >= k.agreement - 1e-9 {
                optimal += 1;
            }
        }
        prop_assert_eq!(optimal, k.rankings.len());
        if let Some(c) = p.condorcet_winner() {
            prop_assert!(k.rankings.iter().all(|r| r[0] == c));
        }
    }
}

//! Tests of the Sobol design layout, exact shares of a linear model and the discrete mapping.

use super::*;

fn design(d: usize, n: usize, second: bool) -> SobolDesign {
    let inputs = (0..d)
        .map(|i| SobolInput::new(format!("x{i}"), Marginal::default()))
        .collect();
    SobolDesign::new(
        inputs,
        SobolSettings {
            n,
            second_order: second,
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn layout_swaps_only_the_factor_columns() {
    let s = design(3, 8, true);
    let p = s.unit_points();
    let (n, dims) = (8, 3);
    assert_eq!(p.len(), s.n_runs() * dims);
    assert_eq!(s.n_runs(), 8 * 8);
    let row = |r: usize| &p[r * dims..(r + 1) * dims];
    for j in 0..n {
        let (a, b) = (row(j), row(n + j));
        for i in 0..3 {
            let ab = row((2 + i) * n + j);
            let ba = row((2 + 3 + i) * n + j);
            for c in 0..3 {
                assert_eq!(ab[c].to_bits(), if c == i { b[c] } else { a[c] }.to_bits());
                assert_eq!(ba[c].to_bits(), if c == i { a[c] } else { b[c] }.to_bits());
            }
        }
    }
    assert!(p.iter().all(|u| (0.0..1.0).contains(u)));
}

#[test]
fn linear_model_has_exact_shares() {
    // Y = x0 + 2 x1 on U(0,1): V_i ∝ c_i², so S = ST = (0.2, 0.8), no interaction.
    let s = design(2, 1024, false).run(|x| x[0] + 2.0 * x[1]).unwrap();
    assert!((s.first[0].value - 0.2).abs() < 0.01, "{s}");
    assert!((s.first[1].value - 0.8).abs() < 0.01, "{s}");
    assert!((s.total[0].value - 0.2).abs() < 0.01, "{s}");
    assert!((s.total[1].value - 0.8).abs() < 0.01, "{s}");
}

#[test]
fn discrete_mapping_follows_cumulative_probabilities() {
    let cum = cumulative("f", &[0.2, 0.0, 0.8]).unwrap();
    assert_eq!(choose(&cum, 0.0), 0);
    assert_eq!(choose(&cum, 0.199), 0);
    assert_eq!(choose(&cum, 0.2), 2);
    assert_eq!(choose(&cum, 0.999_999), 2);
    assert_eq!(choose(&cum, 1.0), 2);
}

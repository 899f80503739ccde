//! The typed batch sinks apply the CSV readers' rules: same cells, flows, reports and errors.

use mfg_quality_elasticity::ElasticityError;
use mfg_quality_elasticity::batch::{
    CellBuilder, Column, FlowBatch, FlowBuilder, Validity, Values,
};
use mfg_quality_elasticity::reader::{
    BadRowPolicy, ColumnNames, CsvLayout, DuplicatePolicy, ReadOptions, read_cells, read_flows,
};

/// Arrow-layout string column: offsets and bytes.
fn utf8(v: &[&str]) -> (Vec<i32>, Vec<u8>) {
    let mut offsets = vec![0];
    let mut data = Vec::new();
    for s in v {
        data.extend_from_slice(s.as_bytes());
        offsets.push(data.len() as i32);
    }
    (offsets, data)
}

fn bits(valid: &[bool]) -> Vec<u8> {
    let mut b = vec![0u8; valid.len().div_ceil(8)];
    for (i, &v) in valid.iter().enumerate() {
        if v {
            b[i / 8] |= 1 << (i % 8);
        }
    }
    b
}

fn named(bad_rows: BadRowPolicy) -> ReadOptions {
    ReadOptions {
        layout: CsvLayout::Named(ColumnNames::default()),
        bad_rows,
        imports: true,
        duplicates: DuplicatePolicy::Sum,
        ..ReadOptions::default()
    }
}

#[test]
fn typed_batches_equal_the_csv_reader_under_both_policies() {
    // Two batches; the second row's quantity is null, one exporter is dictionary-encoded with a blank
    // entry, one value is negative, one repeats a flow.
    let csv = "year,exporter,importer,product,value,quantity\n\
               2015,CHN,276,8471,10.5,2\n\
               2015,CHN,276,10121,3,\n\
               2015, ,276,8471,1,1\n\
               2016,USA,40,8471,-1,1\n\
               2016,USA,40,8471,2,4\n\
               2016,USA,40,8471,2,4\n\
               2016,CHN,40,0,2,4\n";
    let years: [i64; 7] = [2015, 2015, 2015, 2016, 2016, 2016, 2016];
    let dict = utf8(&["CHN", " ", "USA"]);
    let dict_col = Column::new(
        Values::Utf8 {
            offsets: &dict.0,
            data: &dict.1,
        },
        None,
    );
    let keys: [u32; 7] = [0, 0, 1, 2, 2, 2, 0];
    let importers: [u64; 7] = [276, 276, 276, 40, 40, 40, 40];
    let products: [i32; 7] = [8471, 10121, 8471, 8471, 8471, 8471, 0];
    let values = [10.5, 3.0, 1.0, -1.0, 2.0, 2.0, 2.0];
    let quantities = [2.0f32, 0.0, 1.0, 1.0, 4.0, 4.0, 4.0];
    let qvalid = bits(&[true, false, true, true, true, true, true]);
    let batch = |r: std::ops::Range<usize>| {
        let s = r.start;
        // A validity bitmap sliced at an offset, as Arrow slices it.
        let cols = [
            Column::new(Values::I64(&years[r.clone()]), None),
            Column::new(
                Values::Dictionary {
                    keys: &keys[r.clone()],
                    dictionary: &dict_col,
                },
                None,
            ),
            Column::new(Values::U64(&importers[r.clone()]), None),
            Column::new(Values::I32(&products[r.clone()]), None),
            Column::new(Values::F64(&values[r.clone()]), None),
            Column::new(
                Values::F32(&quantities[r.clone()]),
                Some(Validity::new(&qvalid, s)),
            ),
        ];
        FlowBatch::new(s as u64 + 2, cols).unwrap()
    };
    for policy in [BadRowPolicy::Error, BadRowPolicy::Skip] {
        let opts = named(policy);
        let mut cells = CellBuilder::new(&opts);
        let mut flows = FlowBuilder::new(&opts);
        let mut got = Ok(());
        for r in [0..3, 3..7] {
            got = got
                .and_then(|()| cells.push(&batch(r.clone())))
                .and_then(|()| flows.push(&batch(r)));
        }
        match read_cells(csv.as_bytes(), &opts) {
            Ok(want) => {
                got.unwrap();
                assert_eq!(cells.report(), &want.report);
                assert_eq!(cells.finish(), want);
                assert_eq!(flows.finish(), read_flows(csv.as_bytes(), &opts).unwrap());
            }
            Err(want) => assert_eq!(got.unwrap_err(), want),
        }
    }
    let opts = named(BadRowPolicy::Skip);
    let want = read_cells(csv.as_bytes(), &opts).unwrap().report;
    assert_eq!(
        (
            want.missing_quantity,
            want.malformed,
            want.negative,
            want.duplicates
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        want.first_bad_rows[0],
        (4, "column 2 `exporter`: empty country code".to_string())
    );
}

#[test]
fn a_float_code_column_and_unequal_lengths_are_rejected_at_construction() {
    let y = [2015i32];
    let f = [1.0f64];
    let c = |v| Column::new(v, None);
    let e = FlowBatch::new(
        2,
        [
            c(Values::I32(&y)),
            c(Values::F64(&f)),
            c(Values::I32(&y)),
            c(Values::I32(&y)),
            c(Values::F64(&f)),
            c(Values::F64(&f)),
        ],
    )
    .unwrap_err();
    assert_eq!(
        e,
        ElasticityError::ColumnType {
            column: "exporter".into(),
            expected: "integers or strings",
            found: "F64".into()
        }
    );
    let e = FlowBatch::new(
        2,
        [
            c(Values::I32(&y)),
            c(Values::I32(&y)),
            c(Values::I32(&y)),
            c(Values::I32(&y)),
            c(Values::F64(&[1.0, 2.0])),
            c(Values::F64(&f)),
        ],
    )
    .unwrap_err();
    assert!(matches!(e, ElasticityError::Shape { .. }), "{e}");
    assert!(e.to_string().contains("column 5 (`value`)"), "{e}");
    let d = Column::new(Values::I32(&y), None);
    let e = FlowBatch::new(
        2,
        [
            c(Values::I32(&y)),
            c(Values::Dictionary {
                keys: &[3],
                dictionary: &d,
            }),
            c(Values::I32(&y)),
            c(Values::I32(&y)),
            c(Values::F64(&f)),
            c(Values::F64(&f)),
        ],
    )
    .unwrap_err();
    assert!(e.to_string().contains("dictionary key 3"), "{e}");
}

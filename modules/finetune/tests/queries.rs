//! Queries: params, provider(s), job(s) with filters and pagination, refusals.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_finetune::proto as pb;
use openledger_finetune::{
    query_job, query_jobs, query_params, query_provider, query_providers, FinetuneError,
};

#[test]
fn queries_answer_and_filter() {
    let mut s = setup();
    let (p, q) = (addr(3), addr(4));
    register(&mut s, 1, p, BOND).unwrap();
    register(&mut s, 1, q, BOND).unwrap();
    for _ in 0..4 {
        open(&mut s, 2, 50).unwrap();
    }
    claim(&mut s, 3, p, 1).unwrap();
    claim(&mut s, 3, q, 2).unwrap();
    claim(&mut s, 3, p, 3).unwrap();

    let params = query_params(&s, &pb::QueryParamsRequest {}).unwrap();
    assert_eq!(params.params.unwrap().min_provider_bond, BOND.to_string());

    let pr = query_provider(
        &s,
        &pb::QueryProviderRequest {
            address: p.to_string(),
        },
    )
    .unwrap()
    .provider
    .unwrap();
    assert_eq!((pr.active_jobs, pr.bond), (2, BOND.to_string()));
    assert!(matches!(
        query_provider(
            &s,
            &pb::QueryProviderRequest {
                address: addr(9).to_string()
            }
        ),
        Err(FinetuneError::UnknownProvider(_))
    ));
    assert!(query_provider(
        &s,
        &pb::QueryProviderRequest {
            address: "nope".into()
        }
    )
    .is_err());

    let all = query_providers(&s, &pb::QueryProvidersRequest { pagination: None }).unwrap();
    assert_eq!(all.providers.len(), 2);

    let job = query_job(&s, &pb::QueryJobRequest { job_id: 2 })
        .unwrap()
        .job
        .unwrap();
    assert_eq!(job.provider, q.to_string());
    assert_eq!(job.status, pb::JobStatus::Claimed as i32);
    assert!(query_job(&s, &pb::QueryJobRequest { job_id: 0 }).is_err());
    assert!(matches!(
        query_job(&s, &pb::QueryJobRequest { job_id: 9 }),
        Err(FinetuneError::UnknownJob(9))
    ));

    let ids = |r: pb::QueryJobsResponse| r.jobs.iter().map(|j| j.id).collect::<Vec<_>>();
    let by_p = query_jobs(
        &s,
        &pb::QueryJobsRequest {
            provider: p.to_string(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(by_p), vec![1, 3]);
    let open_jobs = query_jobs(
        &s,
        &pb::QueryJobsRequest {
            status: pb::JobStatus::Open as i32,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(open_jobs), vec![4]);
    let mixed = query_jobs(
        &s,
        &pb::QueryJobsRequest {
            creator: creator().to_string(),
            model_id: 1,
            status: pb::JobStatus::Claimed as i32,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(mixed), vec![1, 2, 3]);
    let page1 = query_jobs(
        &s,
        &pb::QueryJobsRequest {
            pagination: Some(PageRequest {
                limit: 3,
                ..Default::default()
            }),
            ..Default::default()
        },
    )
    .unwrap();
    let next = page1.pagination.clone().unwrap().next_key;
    assert_eq!(ids(page1), vec![1, 2, 3]);
    let page2 = query_jobs(
        &s,
        &pb::QueryJobsRequest {
            pagination: Some(PageRequest {
                key: next,
                limit: 3,
                ..Default::default()
            }),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(page2), vec![4]);
    assert!(query_jobs(
        &s,
        &pb::QueryJobsRequest {
            status: 42,
            ..Default::default()
        }
    )
    .is_err());
}

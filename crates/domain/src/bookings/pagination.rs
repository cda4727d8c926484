//! The `pagination` object of `GET /v2/bookings`, computed exactly as Cal.com computes it
//! (`apps/api/v2/src/lib/pagination/pagination.ts`), so clients that page through Cal.com page through Calends the
//! same way.

use calends_model::bookings::PaginationMeta;

/// Where the page of (at most) `take` items after the first `skip` of `total` items sits.
///
/// `skip` is first clamped to `0..=total`, so a page past the end reports the last position rather than negative
/// counts. `take` is the validated page size (1 to 250); a `take` of 0 yields no pages instead of a division by
/// zero.
pub fn pagination(total: i64, take: i64, skip: i64) -> PaginationMeta {
    let total = total.max(0);
    let skip = skip.clamp(0, total);
    let total_pages = if take > 0 { (total + take - 1) / take } else { 0 };
    let current_page = if total_pages == 0 { 0 } else { (skip / take + 1).clamp(1, total_pages) };
    PaginationMeta {
        total_items: total,
        remaining_items: (total - (skip + take)).clamp(0, total),
        // `min` then `max` rather than `clamp`: clamp panics when the bounds cross (a negative `take`).
        returned_items: (total - skip).min(take).max(0),
        items_per_page: take,
        current_page,
        total_pages,
        has_next_page: skip + take < total,
        has_previous_page: skip > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(total, take, skip)` and the expected
    /// `(remaining, returned, current page, total pages, has next, has previous)`.
    type Case = ((i64, i64, i64), (i64, i64, i64, i64, bool, bool));

    const CASES: &[Case] = &[
        // Nothing to list: no pages at all.
        ((0, 100, 0), (0, 0, 0, 0, false, false)),
        ((0, 10, 5), (0, 0, 0, 0, false, false)),
        // Everything fits on the first page.
        ((3, 100, 0), (0, 3, 1, 1, false, false)),
        // Exactly one full page.
        ((10, 10, 0), (0, 10, 1, 1, false, false)),
        // First of several pages.
        ((123, 10, 0), (113, 10, 1, 13, true, false)),
        // A middle page (the reference's example numbers).
        ((123, 10, 10), (103, 10, 2, 13, true, true)),
        // The last, partial page.
        ((123, 10, 120), (0, 3, 13, 13, false, true)),
        // A skip that is not a multiple of take: the page is the one the first item falls on.
        ((25, 10, 15), (0, 10, 2, 3, false, true)),
        // Skip beyond the total is clamped to the total: nothing returned, positioned on the last page.
        ((5, 2, 50), (0, 0, 3, 3, false, true)),
        // A negative skip counts as 0.
        ((5, 2, -4), (3, 2, 1, 3, true, false)),
        // The largest page size.
        ((1000, 250, 750), (0, 250, 4, 4, false, true)),
        // No page size: no pages, no division by zero.
        ((5, 0, 0), (5, 0, 0, 0, true, false)),
    ];

    #[test]
    fn matches_cal_com() {
        for &((total, take, skip), (remaining, returned, current, pages, next, previous)) in CASES {
            let meta = pagination(total, take, skip);
            let got = (
                meta.remaining_items,
                meta.returned_items,
                meta.current_page,
                meta.total_pages,
                meta.has_next_page,
                meta.has_previous_page,
            );
            assert_eq!(
                got,
                (remaining, returned, current, pages, next, previous),
                "total {total} take {take} skip {skip}"
            );
            assert_eq!(meta.total_items, total);
            assert_eq!(meta.items_per_page, take);
        }
    }

    #[test]
    fn serializes_every_field() {
        let json = serde_json::to_value(pagination(123, 10, 10)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "totalItems": 123, "remainingItems": 103, "returnedItems": 10, "itemsPerPage": 10,
                "currentPage": 2, "totalPages": 13, "hasNextPage": true, "hasPreviousPage": true
            })
        );
    }
}

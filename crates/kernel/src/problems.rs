//! The one table of field problem codes: each line is a code, its named
//! arguments and its English message, and makes a constructor of
//! [`crate::problem`]. Pages have a `problem-…` message for every code in
//! each language (`frontend/locales/*.ftl`; a test checks it).
//!
//! Codes are published: never rename one. A new meaning gets a new code.

use crate::problem::{Choices, Vnd, problems};

problems! {
    // anything typed
    /// A required field is empty.
    required => "is required",
    too_long { max: i64 } => "must be at most {max} characters",
    too_short { min: i64 } => "must have at least {min} characters",
    length_between { min: i64, max: i64 } => "must have {min} to {max} characters",
    control_characters => "must not contain control characters",
    not_visible_ascii => "must be visible ASCII",
    /// One of a list of machine values (`choices` is `a, b, c`).
    not_one_of { choices: Choices } => "must be {choices}",
    /// A query value that does not parse, as the parser said it.
    unreadable_value { detail: String } => "{detail}",

    // numbers
    not_a_whole_number => "must be a whole number",
    whole_number_empty => "must be a whole number (it is empty)",
    whole_number_between { min: i64, max: i64 } => "must be a whole number from {min} to {max}",
    whole_number_from { min: i64 } => "a whole number from {min}",
    number_between { min: i64, max: i64 } => "must be between {min} and {max}",
    at_least { min: i64 } => "must be {min} or more",
    at_most { max: i64 } => "must be at most {max}",
    must_be_positive => "must be more than 0",
    must_not_be_negative => "cannot be negative",
    too_large => "is too large",
    too_high => "is too high",
    /// A bound below the bound it must not be under (`field` names it).
    below_field { field: String } => "must be at least {field}",

    // dates, ids and links
    not_a_date => "is not a date (YYYY-MM-DD)",
    not_a_date_or_time => "must be a date (YYYY-MM-DD) or an RFC 3339 time",
    not_a_month => "is not a month (YYYY-MM)",
    in_the_future => "cannot be in the future",
    more_than_members { members: i64 } => "cannot be more than the {members} members",
    not_a_user_id => "must be a user id",
    not_a_page_cursor => "must be the `next` of a page of this list",

    // people and accounts
    not_an_email => "is not an e-mail address",
    password_too_common => "is too common or too easy to guess; try a few unrelated words",
    passwords_differ => "does not match the password",
    last_owner_cannot_leave => "the last owner cannot leave; make someone else owner first",
    owner_not_invited => "invite as manager or staff; ownership is transferred by the union",
    only_owner_invites_manager => "only an owner may invite a manager",

    // cooperatives applying, their documents, moderation
    not_a_vn_phone => "must be a Vietnamese phone number, e.g. 0912 345 678",
    not_a_tax_code => "must have 10 digits, or 13 for a branch",
    story_too_short { min: i64 } => "tell a little more: at least {min} characters",
    too_many_documents { max: i64 } => "at most {max} documents",
    file_empty { file: String } => "{file} is empty",
    file_too_large { file: String, max_mb: i64 } => "{file} is larger than {max_mb} MB",
    not_a_document { file: String } => "{file} is not a PDF, JPEG or PNG file",
    reason_required_for_decision => "is required for this decision",
    unknown_decision { decision: String } => "unknown decision \"{decision}\"",

    // certifications
    certification_kind_unknown => "must be vietgap, ocop, organic or award",
    certification_level_unknown => "must be district, province or national",
    ocop_stars => "must be 3, 4 or 5",
    not_after_issue_date => "must be after the issue date",
    vietgap_too_long { months: i64 } => "a VietGAP certificate lasts at most {months} months",
    ocop_too_long { months: i64 } => "an OCOP rating lasts at most {months} months",
    organic_too_long { months: i64 } => "an organic certificate lasts at most {months} months",
    not_a_listing_of_cooperative => "is not a listing of this cooperative",
    evidence_missing => "send the certificate as PDF, JPEG or PNG",

    // exchange rates
    not_a_rate => "must be a number of đồng such as 25400 or 170.35 (a point before at most three decimals)",

    // listings
    care_vi_required => "is required when care instructions are given",
    category_unknown => "is not a category of the shop",
    cooperative_unknown => "is not a cooperative of the shop",
    too_many_tags { max: i64 } => "at most {max} tags",
    tag_too_long { max: i64 } => "each tag must be at most {max} characters",
    too_many_variants { max: i64 } => "at most {max} variants",
    sku_used_twice => "is used by another variant",
    sku_taken => "is already used by another listing of this cooperative",
    sku_invalid { max: i64 } => "use at most {max} letters, digits, dots, dashes, slashes or underscores",
    variant_given_twice => "is given twice",
    not_a_variant_of_listing => "is not a variant of this listing",
    option_unknown => "options are size, colour, material, weight, package and people",
    compare_at_not_above_price => "must be more than the price",
    dimensions_incomplete => "give length, width and height together",
    hs_code_invalid => "must be 4, 6, 8 or 10 digits, e.g. 4602.12",
    lead_time_required => "is required for made-to-order",
    too_many_tiers { max: i64 } => "at most {max} tiers",
    tier_incomplete => "is required for a tier",
    /// A wholesale tier's quantity is not above the one before it
    /// (`min_qty`: the quantity from which the price before applies).
    tier_qty_not_rising { min_qty: i64 } => "must be more than {min_qty} (quantities rise tier by tier)",
    /// A wholesale tier's price is not below the price before it
    /// (`min_qty`: the quantity from which that price applies).
    price_tier_not_falling { min_qty: i64 } => "must be less than the price before it (from {min_qty})",
    category_missing => "choose a category before sending it for review",
    variants_missing => "add at least one variant with its price",
    images_missing => "add at least one picture",
    too_many_images { max: i64 } => "a listing has at most {max} pictures",
    image_too_many_pixels => "the picture has too many pixels",
    image_undecodable { detail: String } => "the picture is damaged or incomplete: {detail}",
    picture_missing { field: String } => "send the picture in the field `{field}`",

    // catalogue files (CSV)
    csv_file_missing { field: String } => "send the CSV file in the field `{field}`",
    csv_not_utf8 => "is not UTF-8 text; save the spreadsheet as \"CSV UTF-8\"",
    csv_header_unreadable { detail: String } => "the header cannot be read: {detail}",
    csv_column_unknown => "is not a known column",
    csv_column_twice => "appears twice",
    csv_column_missing => "the column is missing",
    csv_row_unreadable { detail: String } => "the row cannot be read: {detail}",
    csv_too_many_rows { max: i64 } => "at most {max} rows",
    csv_handle_missing => "is required (it groups the rows of one listing)",
    csv_differs_from_line { line: i64 } => "differs from line {line} for the same handle",
    csv_handle_of_another_cooperative => "is the handle of another cooperative's listing",
    csv_sku_on_line { line: i64 } => "is also used on line {line} by another listing",
    csv_not_a_whole_number { cell: String } => "\"{cell}\" is not a whole number",
    csv_not_yes_or_no { cell: String } => "\"{cell}\" is not yes or no",
    csv_not_a_tier { cell: String } => "\"{cell}\" is not quantity:price, e.g. 10:95000",

    // search
    price_range_unknown => "must be under_100k, from_100k_to_300k, from_300k_to_1m or from_1m",
    sort_unknown => "must be relevance, price_asc, price_desc, newest or rating",

    // cart, checkout and orders
    cart_full { max: i64 } => "a cart holds at most {max} different products",
    cart_cookie_invalid => "the cart cookie is not valid",
    enter_name => "enter your name",
    enter_email => "enter an e-mail address like ten@example.vn",
    country_code_invalid => "a two-letter country code such as VN, JP or DE",
    country_is_vietnam => "is Vietnam: choose delivery in Vietnam above",
    enter_vn_phone => "a Vietnamese phone number such as 0905 123 456",
    enter_intl_phone => "a phone number with its country code, such as +81 3 1234 5678",
    enter_street => "enter the house number and street",
    choose_province => "choose the province or city",
    enter_district => "enter the district",
    enter_ward => "enter the ward or commune",
    enter_city => "enter the city",
    enter_postal_code => "enter the postal code",
    choose_payment_method => "choose cod, bank_transfer or card",
    payment_method_not_offered { method: String } => "{method} is not offered",
    payment_method_not_abroad { method: String } => "{method} cannot pay for a delivery abroad",
    enter_order_number => "enter the order number",
    enter_order_email => "enter the e-mail address of the order",
    enter_carrier => "name the carrier (e.g. Viettel Post, VNPost, EMS)",
    enter_tracking => "enter the tracking number",
    cancel_reason_missing => "say why the order is cancelled",
    release_reason_missing => "say why the order may be prepared before it is paid",

    // shipping rules
    too_many_rules { max: i64 } => "at most {max} rules",
    fee_out_of_range { max_vnd: Vnd } => "must be between 0 and {max_vnd}",
    weight_band_unbounded => "a weight band needs a lower or upper bound",
    free_over_threshold_missing => "the order total from which shipping is free",

    // payments, refunds, payouts and bank statements
    at_least_one_dong => "at least 1 đồng",
    refund_too_large { max_vnd: Vnd } => "at most {max_vnd} (what has not been refunded yet)",
    refund_reason_missing => "say why the money goes back",
    card_confirmed_by_stripe => "card payments are confirmed by Stripe, not by hand",
    only_bank_transfer_confirmed => "only a bank transfer is confirmed here",
    not_paid_by_card => "this checkout is not paid by card",
    bank_bin_invalid => "the bank's 6-digit BIN, e.g. 970436",
    account_number_invalid => "1 to 19 letters or digits",
    account_name_invalid => "the holder's name, at most 120 characters",
    payouts_with_all_owed => "leave empty when paying everything owed",
    nothing_owed => "nothing to pay: no cooperative is owed money",
    one_line_per_cooperative => "one line per cooperative",
    payout_amounts_missing => "enter the amount to pay at least one cooperative",
    cooperative_not_found => "no such cooperative",
    payout_too_large { max_vnd: Vnd } => "at most {max_vnd} (what the market owes it)",
    statement_column_missing { column: String } => "the header has no {column} column",
    statement_unreadable { detail: String } => "the file is not a CSV statement: {detail}",

    // the export desk
    not_a_country => "must be a two-letter country code, e.g. JP",
    date_not_ahead => "must be a day after today",
    lines_missing => "add at least one line",
    too_many_lines { max: i64 } => "at most {max} lines",
    line_needs_item => "choose a listed product or describe the design",
    not_a_variant_of_cooperative => "is not a product of this cooperative on sale now",
    not_a_line_of_request => "is not a line of this request",
    quote_line_missing => "price every line of the request",
    not_a_pdf { file: String } => "{file} is not a PDF file",
    not_a_picture { file: String } => "{file} is not a JPEG, PNG or WebP picture",
    too_many_pictures { max: i64 } => "at most {max} pictures",
    enter_transport_ref => "enter the container / bill of lading or air waybill number",
    not_a_link => "must be a web address (https://…) or a path of this shop",

    // collections
    slug_invalid => "use lower-case letters, digits and dashes, e.g. gio-co-nap",
    too_many_listings { max: i64 } => "at most {max} listings",
    collection_slug_taken => "another collection of this cooperative has this name",

    // lots and traceability
    not_a_gtin => "is not a GTIN: 8, 12, 13 or 14 digits with a right check digit",
    lot_number_taken => "another lot of this cooperative has this number",
    not_this_cooperatives_listing => "is not a listing of this cooperative",
    not_this_listings_variant => "is not a variant of this listing",
    not_this_cooperatives_certification => "is not a certification of this cooperative",
    not_a_web_address => "must be a web address starting with https:// or /media/",
    lot_of_another_product => "this lot is of another product",
    lot_recalled => "this lot was recalled and cannot be sold",
    too_many_entries { max: i64 } => "at most {max} entries",
    harvest_within_interval { days: i64 } => "the harvest came less than {days} days after this input",

    // community-tourism bookings
    not_an_experience => "this listing is not an experience; describe the experience first",
    not_for_group_price => "a child price needs a price per person",
    not_times_of_day => "must be times of day like 08:00, 14:00",
    too_many_sessions { max: i64 } => "at most {max} sessions at once; choose fewer days or times",
    no_places_left { left: i64 } => "only {left} places are left on this date",
    session_not_open => "this date is closed or has passed; choose another",
    people_between { min: i64, max: i64 } => "a booking is for {min} to {max} people",
    not_for_bookings => "cash on delivery does not apply to bookings; pay by transfer or card",
    not_a_later_session => "choose an open, later date of the same experience with enough places",
    deposit_not_offered => "no booking in this cart takes a deposit; pay in full",
}

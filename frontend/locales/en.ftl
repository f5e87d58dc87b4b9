# The English interface of Hợp Tác.

site-name = Hợp Tác
site-tagline = The market of Huế's cooperatives
meta-description = Buy handicrafts and farm produce straight from the cooperatives of Huế: bamboo and rattan, zèng brocade, VietGAP produce, community tourism.
skip-to-content = Skip to content

nav-cooperatives = Cooperatives
nav-categories = Categories
nav-cart = Cart
nav-menu = Main menu
search-label = Search products
search-placeholder = Rattan baskets, brocade, honey…
search-button = Search
language-switch = Language
footer-about = Hợp Tác is the online market of the cooperatives, cooperative groups and household businesses of Huế, backed by the city's Cooperative Union.
footer-api = API documentation
currency-switch = Also show prices in:
currency-dong-only = Đồng only
footer-copyright = © { $year } Hợp Tác · Huế City Cooperative Union

home-title = Real goods, made by real people
home-lead = Everything here is made by a cooperative in Huế. You buy directly, and the makers are paid fairly.
home-cooperatives = The cooperatives
home-featured = Featured
home-categories = Shop by category
home-all-cooperatives = All cooperatives
home-all-products = All products

cooperatives-title = The cooperatives
cooperatives-lead = The people behind the products: their stories, their members, the local jobs they create.
cooperatives-empty = No cooperative has been admitted yet. Please come back later.

kind-cooperative = Cooperative
kind-cooperative_group = Cooperative group
kind-household_business = Household business

coop-members = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
coop-jobs = { $count ->
    [one] { $count } local job
   *[other] { $count } local jobs
}
coop-founded = Founded in { $year }
coop-products = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
coop-story = Our story
coop-certifications = Certifications
coop-products-title = Products from { $name }
coop-no-products = This cooperative has not listed anything yet.
coop-impact = Impact
coop-representative = Representative

category-title = { $name }
category-subcategories = Subcategories
category-empty = Nothing in this category yet.
categories-title = Categories

product-by = By
product-maker = Made by
product-origin = Origin
product-variants = Options
product-sku = SKU
product-price = Price
product-stock = Stock
product-in-stock = { $count } in stock
product-out-of-stock = Sold out
product-made-to-order = Made to order: { $days ->
    [one] { $days } day
   *[other] { $days } days
}
product-min-order = Minimum { $count }
product-weight = Weight
product-dimensions = Size
product-hs-code = HS code
product-description = Description
product-care = Care
product-certifications = Certifications
product-images = Pictures
product-view-large = View large picture
product-about-coop = About the seller
product-visit-coop = Visit the cooperative
product-price-from = From { $price }

cert-vietgap = VietGAP
cert-ocop = OCOP { $stars }
cert-organic = Organic
cert-award = Award
cert-valid-until = Valid until { $date }
cert-number = No. { $number }

search-title = Search
search-results = { $count ->
    [0] Nothing found for “{ $query }”.
    [one] 1 product for “{ $query }”
   *[other] { $count } products for “{ $query }”
}
search-empty-query = Type a product, a material or a cooperative to search.
search-try = Try: rattan basket, brocade, honey, rice
search-browse-count = { $count ->
    [0] No products yet.
    [one] 1 product
   *[other] { $count } products
}
search-did-you-mean = Did you mean
search-skip-to-results = { $count ->
    [one] Go to the result ↓
   *[other] Go to the { $count } results ↓
}
search-results-label = Search results
search-suggestions = Suggestions
search-invalid = Some of the search settings were not understood and were left out
search-facets-title = Narrow the results
search-facet-category = Category
search-facet-certification = Certification
search-facet-cooperative = Cooperative
search-facet-province = Province
search-facet-price = Price
search-facet-price-bounds = Your own price range
search-facet-stock = Availability
search-facet-any = Any
search-price-under-100k = Under 100,000 ₫
search-price-from-100k-to-300k = 100,000 – 300,000 ₫
search-price-from-300k-to-1m = 300,000 – 1,000,000 ₫
search-price-from-1m = 1,000,000 ₫ and up
field-search-q = Words
field-search-category = Category
field-search-cooperative = Cooperative
field-search-certification = Certification
field-search-province = Province
field-search-price = Price range
field-search-min-price = Price from
field-search-max-price = Price up to
field-search-in-stock = In stock
field-search-sort = Sort by
field-search-page = Page
field-search-per-page = Products per page
field-search-facets = Counts
field-search-locale = Language

cart-title = Cart
cart-empty = Your cart is empty.
cart-browse = Browse products

pager-label = Pages
pager-prev = ← Previous
pager-next = Next →
pager-page = Page { $page } of { $pages }

not-found-title = Page not found
not-found-body = The page you are looking for is not here. It may have moved or been taken down.
not-found-home = Back to the home page
error-title = Something went wrong
error-body = We could not load this page. Please try again in a few minutes.
breadcrumb = Breadcrumb
home = Home

## Accounts and forms
nav-account = Account
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-sell = Sell with us
nav-seller = My shop
nav-moderation = Moderation
form-has-errors = Please correct the following
form-retry-after = { $minutes ->
        [0] You can try again in { $seconds ->
                [one] one second
               *[other] { $seconds } seconds
            }.
        [one] You can try again in one minute.
       *[other] You can try again in { $minutes } minutes.
    }
form-optional = (optional)
form-save = Save
forbidden-title = You may not see this page
forbidden-body = This page is for someone else. If you think this is a mistake, contact the Cooperative Union.

field-name = Full name
field-email = E-mail
field-password = Password
field-password-confirm = Password again
field-locale = Language
field-legal-name = Legal name
field-kind = Legal form
field-registration-number = Business registration number
field-tax-code = Tax code
field-province = Province or city
field-district = District
field-ward = Ward or commune
field-street = Street address
field-representative = Legal representative
field-phone = Phone number
field-members-count = Members
field-local-jobs = Jobs created for local people
field-founded-year = Year founded
field-summary-vi = Short introduction (Vietnamese)
field-summary-en = Short introduction (English)
field-summary-ja = Short introduction (Japanese)
field-summary-zh = Short introduction (Chinese)
field-story-vi = Your story (Vietnamese)
field-story-en = Your story (English)
field-documents = Supporting documents
field-cooperative-id = Cooperative
field-role = Role
field-reason = Reason
field-confirm = Confirmation
field-token = Link
field-user-id = Member
field-action = Decision

password-hint = At least 10 characters. A short sentence you remember makes a good password.
register-title = Create an account
register-lead = With an account you can follow your orders — and open a shop if you are a cooperative.
register-submit = Create account
register-have-account = Already have an account?
login-title = Sign in
login-submit = Sign in
login-forgot = Forgot your password?
login-no-account = No account yet?
verify-title = Confirm your e-mail
verify-lead = Press the button below to confirm your e-mail address.
verify-submit = Confirm e-mail
reset-title = Reset your password
reset-lead = Enter your account's e-mail address. If an account uses it, we will send a link to choose a new password.
reset-submit = Send the link
reset-confirm-title = Choose a new password
reset-confirm-submit = Save the new password

account-title = My account
account-profile = Profile
account-verify-banner = Please confirm { $email } with the link we e-mailed you.
account-resend = Send the confirmation again
account-cooperatives = My cooperatives
account-no-cooperatives = You have not applied to sell yet.
account-sessions = Where you are signed in
account-tokens = API tokens
account-tokens-lead = An API token lets your cooperative's own software (stock, accounts) work with Hợp Tác on your behalf, inside one cooperative only.
session-device = Device
session-address = IP address
session-last-seen = Last seen
session-this = This one
session-end = Sign this out
session-end-all = Sign out everywhere
token-cooperative = Cooperative
token-prefix = Token
token-last-used = Last used
token-never = Never
token-revoke = Revoke
token-create = Create token
token-shown-once = Your new token — copy it now, it is shown only once:

notice-registered = Your account is ready. Check your e-mail to confirm your address.
notice-signed-out = You are signed out.
notice-email-verified = Your e-mail is confirmed. Thank you!
notice-verification-sent = We sent the confirmation again.
notice-try-again = That did not work. Please try again.
notice-reset-sent = If an account uses this address, a reset link is on its way to its inbox.
notice-password-changed = Your password is changed, and you are signed in.
notice-profile-saved = Saved.
notice-signed-out-everywhere = You are signed out everywhere.
notice-session-ended = That session is signed out.
notice-token-created = API token created.
notice-token-revoked = Token revoked.
notice-application-sent = Application sent. The Cooperative Union will review it and let you know by e-mail.
notice-application-saved = Your changes are saved.
notice-documents-added = Documents added.
notice-application-resubmitted = Sent back for review.
notice-invitation-sent = Invitation sent by e-mail.
notice-left-cooperative = You left the cooperative.
notice-member-removed = Member removed.
notice-joined = Welcome to the cooperative!
notice-decided = Decision recorded; the applicant has been told.
notice-job-retried = Back in the queue.

error-invalid_credentials = The e-mail address or the password is wrong.
error-rate_limited = Too many failed tries from your connection, so we are slowing it down.
error-token_invalid = This link is invalid, already used, or expired.
error-email_taken = An account already uses this address. Sign in, or reset the password.
error-email_not_verified = Please confirm your e-mail address first.
error-invalid_transition = This cannot be done in the current state. Reload the page.
error-csrf_failed = The form has expired. Reload the page and try again.
error-payload_too_large = The file is too large.
error-forbidden = You may not do this.
error-account_disabled = This account is disabled.
error-internal_error = Something went wrong on our side. Please try again.

## Selling
sell-title = Sell with us
sell-lead = For cooperatives, cooperative groups and household businesses in Huế. The Cooperative Union reviews each application and answers by e-mail, usually within a few working days.
sell-submit = Send the application
apply-who = Who you are
apply-where = Where you are
apply-story = Your story and figures
apply-documents = Documents
hint-tax-code = 10 digits, or 13 for a branch.
hint-phone = For example 0912 345 678.
hint-story = Tell us about the people who make your products: the craft, the village, what makes it special. At least 30 characters.
hint-documents = Registration certificate, licence, or photos of your papers: PDF, JPEG or PNG, at most 10 MB each, up to 5 files.
hint-documents-again = Browsers do not keep chosen files: choose them again before sending.

status-pending = Waiting for review
status-changes-requested = Changes requested
status-approved = Approved
status-rejected = Rejected
status-suspended = Suspended
status-since = since { $date }
application-explain-pending = The Cooperative Union has not reviewed your application yet. You can still edit it and add documents.
application-explain-changes-requested = The Cooperative Union asks for changes. Make them as the reason below says, then send it back.
application-explain-approved = Approved. You are the owner of the cooperative's shop.
application-explain-rejected = Not approved. You may contact the Cooperative Union or apply again.
application-explain-suspended = The shop is suspended: its products are not in the market. Past orders stay visible to their buyers.
application-reason = Reason:
application-go-dashboard = Go to the shop
application-resubmit = Send back for review
application-documents = Documents
application-no-documents = No documents yet.
application-add-documents = Add documents
application-edit = Edit the application
application-history = History

seller-title = My shop
seller-empty = You have no shop yet. If you are a cooperative, cooperative group or household business in Huế, apply to sell.
seller-status = Status
seller-role = Role
seller-manage = Manage
seller-follow = See application
seller-apply-another = Apply for another organisation
seller-public-page = See the public page in the market
seller-team = Team
seller-profile = Public profile
role-owner = Owner
role-manager = Manager
role-staff = Staff
team-invite = Invite a member
team-invite-submit = Send invitation
team-invited = (invited)
team-invited-until = until { $date }
team-remove = Remove
team-leave = Leave the cooperative
invitation-title = Invitation to join a cooperative
invitation-as = You are signed in as { $email }. The invitation works only for the address it was sent to.
invitation-accept = Accept the invitation
invitation-sign-in = Sign in (or create an account) with the invited e-mail address, then open this link again.

## Cooperative Union
staff-title = Moderation
staff-queue = Applications
staff-audit-log = Audit log
staff-outbox = E-mails and jobs
staff-queue-empty = No application in this state.
staff-submitted = Submitted
staff-details = Details
staff-address = Address
staff-no-documents = The application has no supporting documents.
staff-decisions = Decisions
staff-no-decisions = No decision is open in this state.
decide-approve = Approve
decide-approve-confirm = I checked the documents and approve this cooperative.
decide-request-changes = Request changes
decide-request-changes-confirm = Send the request to the applicant.
decide-reject = Reject
decide-reject-confirm = I want to reject this application.
decide-suspend = Suspend
decide-suspend-confirm = Take all of this cooperative's products out of the market now.
decide-reinstate = Reinstate
decide-reinstate-confirm = Put this cooperative's products back in the market.
action-cooperative-apply = Applied
action-cooperative-approve = Approved
action-cooperative-reject = Rejected
action-cooperative-request-changes = Changes requested
action-cooperative-suspend = Suspended
action-cooperative-reinstate = Reinstated
action-cooperative-resubmit = Sent back for review
action-cooperative-update-application = Application edited
action-cooperative-update-profile = Public profile edited
action-member-invite = Member invited
action-member-join = Member joined
action-member-remove = Member removed
action-outbox-retry = Job retried
audit-action = Action
audit-target-type = Target type
audit-target-id = Target id
audit-from = From
audit-to = To
audit-filter = Filter
audit-count = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
audit-when = When
audit-who = Who
audit-target = Target
audit-reason = Reason
audit-request = Request
audit-system = System
job-failed = Failed
job-queued = Queued
job-running = Sending
job-done = Done
outbox-empty = Nothing here.
outbox-what = What
outbox-tries = Tries
outbox-error = Last error
outbox-updated = Updated
outbox-retry = Retry

## A cooperative's listings (sellers)
seller-tab-overview = Overview
seller-tab-products = Products
seller-tab-import = Import a spreadsheet
seller-tab-certifications = Certifications
listings-title = Products
listings-count = { $count ->
    [one] 1 product
   *[other] { $count } products
}
listings-empty = The cooperative has no products yet. Use “New product” to list the first one, or import the whole catalogue from a spreadsheet.
listings-none-match = No product matches these filters. Try fewer.
listing-all = All
listing-new = New product
listing-new-lead = Describe the product. It is saved as a draft; once it has a picture, a category and a price, send it to the Cooperative Union for review.
listing-create = Save draft
listing-import = Import a spreadsheet
listing-export = Download the catalogue (CSV)
listing-search = Search by name or tag
listing-filter-status = Filter by status
listing-picture = Picture
listing-title = Product
listing-units = In stock
listing-variants = Options
listing-updated = Updated
listing-made-to-order = Made to order
listing-flag-pending = Changes waiting for review
listing-flag-taken-down = Taken down by the Union
listing-no-category = — Choose a category —
listing-what = What it says
listing-where = Category, maker and origin
listing-variants-legend = Options, prices and stock
listing-variant-new = New option { $n }
listing-tiers = Wholesale prices
listing-tier-from = From quantity (tier { $n })
listing-tier-price = Price each (đồng)
listing-export-details = For export buyers
listing-details = Product details
listing-live-rules = This product has been approved: changes to prices, stock and options go live at once; changes to its words (title, description, category, tags, origin, maker) and new pictures wait for the Union's review, and the shop keeps showing the approved version meanwhile.
listing-edits-waiting = Changes to the words or pictures are waiting for the Union's review. Shoppers see the approved version until then.
listing-missing = Still needed before review:
listing-missing-category = choose a category
listing-missing-variants = add at least one option with its price
listing-missing-images = add at least one picture
listing-see-in-shop = See it in the shop
listing-submit = Send for review
listing-unpublish = Stop selling
listing-withdraw = Withdraw from review
listing-discard = Drop the changes waiting for review
listing-delete = Delete the product
listing-delete-confirm = I want to delete this product for good.
listing-explain-draft = Draft: only the cooperative's members see it. Send it for review when it is complete.
listing-explain-pending-review = Waiting for the Cooperative Union's review. You will hear by e-mail.
listing-explain-published = On sale in the shop.
listing-explain-unpublished = Not on sale: shoppers do not see it. Send it for review to sell it again.
listing-explain-rejected = Not approved. Change it as the reason below says and send it again.
listing-pictures = Pictures
listing-no-pictures = No pictures yet. A product needs at least one before review.
listing-pictures-full = The product has { $count } pictures, the most it may have. Remove one to add another.
listing-picture-first = First picture
listing-picture-pending = Waiting for review
listing-picture-save-alt = Save the description
listing-picture-make-first = Make it the first
listing-picture-remove = Remove
listing-picture-add = Add a picture
listing-picture-upload = Upload the picture
hint-listing-summary = One or two sentences shown under the title.
hint-listing-description = How it is made, materials, size. Markdown works: **bold**, *italic*, lists with -.
hint-listing-category = Needed before review.
hint-listing-tags = Separated by commas, e.g. rattan, bamboo, gift.
hint-listing-maker = The member household or artisan who made it.
hint-listing-province = Left empty, the cooperative's province.
hint-listing-variants = Each option (size, colour, material) needs its SKU and price, and keeps its own stock. Leave unused rows empty; clear every field of an option to remove it.
hint-listing-tiers = Lower prices for larger orders: quantities rising, prices falling.
hint-hs-code = 4, 6, 8 or 10 digits, e.g. 6117 or 4602.12.
hint-listing-submit = The Cooperative Union will look at it and tell you by e-mail.
hint-listing-discard = The shop keeps the approved version.
hint-listing-image = JPEG, PNG or WebP, up to 10 MB. Square, bright pictures on a plain background look best.
hint-alt = Say briefly what the picture shows, for blind shoppers. Left empty, the product's title.
field-title-vi = Title (Vietnamese)
field-title-en = Title (English)
field-title-ja = Title (Japanese)
field-title-zh = Title (Chinese)
field-description-vi = Description (Vietnamese)
field-description-en = Description (English)
field-description-ja = Description (Japanese)
field-description-zh = Description (Chinese)
field-care-vi = Care (Vietnamese)
field-care-en = Care (English)
field-care-ja = Care (Japanese)
field-care-zh = Care (Chinese)
field-category = Category
field-tags = Tags
field-maker = Maker
field-origin-commune = Commune of origin
field-origin-province = Province of origin
field-variants = Options
field-variant-n = Option { $n }
field-tier-n = Wholesale price { $n }
field-id = Option id
field-sku = SKU
field-options = Attributes
field-options-size = Size
field-options-colour = Colour
field-options-material = Material
field-options-weight = Net weight
field-options-package = Package
field-options-people = Group size
field-price-vnd = Price (đồng)
field-compare-at-vnd = Former price (struck through)
field-stock = Stock
field-min-order-qty = Minimum order
field-made-to-order = Made to order (no stock kept)
field-lead-time-days = Days to make
field-weight-grams = Weight (grams)
field-length-mm = Length (mm)
field-width-mm = Width (mm)
field-height-mm = Height (mm)
field-hs-code = HS code
field-price-tiers = Wholesale prices
field-min-qty = From quantity
field-images = Pictures
field-image = Picture
field-alt = Picture description
field-alt-vi = Picture description (Vietnamese)
field-alt-en = Picture description (English)
field-position = Place
field-file = CSV file
field-dry-run = Only check
field-product = Product
field-number = Certificate number
field-issuer = Issued by
field-level = OCOP level
field-stars = OCOP stars
field-issued-on = Issued on
field-expires-on = Expires on
field-evidence = Copy of the certificate
field-decision = Decision
field-cert-name = Name of the award or standard
status-draft = Draft
status-pending-review = Waiting for review
status-published = On sale
status-unpublished = Not on sale
status-verified = Verified
notice-listing-created = Draft saved. Add pictures, then send it for review when it is ready.
notice-listing-saved = Saved.
notice-listing-saved-pending = Saved. Prices and stock apply at once; changes to the words wait for the Union's review.
notice-listing-submitted = Sent for review. You will hear by e-mail.
notice-listing-republished = The product is on sale again.
notice-listing-unpublished = The product is no longer on sale.
notice-listing-changes-discarded = The changes waiting for review were dropped.
notice-listing-deleted = The product was deleted.
notice-picture-added = Picture added.
notice-picture-saved = Picture description saved.
notice-picture-moved = The picture is now the first.
notice-picture-removed = Picture removed.
notice-imported = The catalogue was imported.
notice-certification-sent = Certification sent. The Cooperative Union will check the document.
notice-certification-withdrawn = Certification withdrawn.
notice-listing-decided = Decision recorded; the cooperative has been told.
notice-certification-decided = Decision recorded; the cooperative has been told.
error-unsupported_media_type = The file is not of a type we take: pictures must be JPEG, PNG or WebP; documents PDF, JPEG or PNG.
error-image_not_found = That picture is gone. Reload the page.
error-product_not_found = That product could not be found.
error-certification_not_found = That certification could not be found.
error-validation_failed = Please check the fields.

## Importing the catalogue from a spreadsheet
import-title = Import the catalogue from a spreadsheet
import-send = Send a file
import-submit = Send the file
import-dry-run = Only check it, save nothing
hint-import-file = A UTF-8 CSV file, one row per option, up to 5 MB. In Excel: Save as → “CSV UTF-8”.
import-report = What the file holds
import-rejected = { $count ->
    [one] The file has 1 problem, so nothing was imported. Correct the row below and send it again.
   *[other] The file has { $count } problems, so nothing was imported. Correct the rows below and send it again.
}
import-checked = The file is fine. Nothing was saved yet: untick “Only check it” and send it again to import it.
import-applied = Imported.
import-done = Imported: { $created } new products (as drafts), { $updated } updated, { $unchanged } unchanged.
import-see-listings = See the products
import-rows = Rows
import-listings = Products in the file
import-created = New
import-updated = Changed
import-unchanged = Unchanged
import-line = Line
import-column = Column
import-problem = Problem
import-guide = How to fill in the spreadsheet
import-guide-lead = The easiest way: download the current catalogue as a template, change it in Excel or Google Sheets and send it back. Products are matched by the handle column; new ones are created as drafts.
import-template = Download the current catalogue (CSV template)
import-col-handle = the product's short name in its address, e.g. small-rattan-basket (required); a new handle makes a new product; rows with one handle are the options of one product
import-col-texts = title, short introduction and description in Vietnamese (required); _en columns for English
import-col-category = the category's slug, e.g. may-tre-dan; tags separated by commas
import-col-variant = the SKU (unique within the cooperative) and attributes
import-col-price = price, former price and stock as whole numbers
import-col-mto = yes/no, days to make, minimum order
import-col-tiers = wholesale prices as quantity:price separated by semicolons, e.g. 10:95000;50:90000
import-col-export = weight (grams), size (mm) and HS code

## Certifications
certs-title = Certifications
certs-lead = VietGAP, OCOP, organic and awards. A badge shows in the shop only once the Cooperative Union has verified it, and only while it is valid.
certs-empty = No certifications yet. Send the first one with the form below.
certs-add = Send a new certification
certs-send = Send for verification
hint-certs-rules = VietGAP lasts at most 2 years, OCOP 36 months (left empty, the expiry is worked out), organic 3 years; an award needs its name and date.
hint-cert-product = One product, or the whole cooperative.
hint-cert-name = For an award: its name.
hint-ocop-only = OCOP only.
hint-expires-on = Leave empty if it does not expire (awards) or for OCOP.
hint-evidence = A photo or scan of the certificate: PDF, JPEG or PNG, up to 10 MB.
cert-kind = Kind
cert-kind-vietgap = VietGAP
cert-kind-ocop = OCOP
cert-kind-organic = Organic
cert-kind-award = Award
cert-covers = Covers
cert-whole-cooperative = The whole cooperative
cert-dates = Valid
cert-expired = Expired
cert-shown = Shown in the shop
cert-shown-yes = Yes
cert-shown-no = No
cert-ocop-stars = { $stars ->
    [one] 1 star
   *[other] { $stars } stars
}
cert-withdraw = Withdraw
cert-withdraw-confirm = Withdraw this certification
cert-verify = Verify
cert-verify-confirm = I checked the document
cert-reject = Reject
ocop-level-district = District level
ocop-level-province = Provincial level
ocop-level-national = National level

## Reviewing products and certifications
staff-products = Products
staff-certifications = Certifications
staff-products-waiting = Waiting for review
staff-products-empty = Nothing here.
staff-products-what = What
staff-products-new = New product
staff-products-edits = Changes to a product on sale
staff-products-new-explain = A new product, never on sale before.
staff-products-edits-explain = This product was approved before; what changed is marked below. The shop shows the approved version until you approve the changes.
staff-live-version = In the shop now
staff-pending-version = Waiting for review
staff-content = Content
staff-changed = changed
staff-description-en = English description
staff-first-published = First on sale
staff-certs-empty = No certifications here.
listing-decide-approve = Approve
listing-decide-approve-confirm = I have checked the words, pictures and prices; put it on sale.
listing-decide-reject = Reject
listing-decide-reject-confirm = Send it back to the cooperative with the reason above.
listing-decide-take-down = Take down
listing-decide-take-down-confirm = Take the product out of the shop now.
hint-listing-reason = The cooperative reads this in an e-mail: say plainly what to change.

## Filters and the product page
filter-title = Filter products
filter-certification = Certification
filter-any-certification = Any
filter-in-stock = In stock only
filter-min-price = Price from (đồng)
filter-max-price = Price up to (đồng)
filter-sort = Sort by
filter-apply = Filter
filter-reset = Clear filters
filter-none-match = No product matches these filters. Try fewer.
sort-relevance = Best match
sort-price-asc = Lowest price first
sort-price-desc = Highest price first
sort-newest = Newest first
product-made-by = Made by { $maker } of { $cooperative }
product-picture-n = Picture { $n }
product-was = Was { $price }
product-wholesale = Wholesale:
product-wholesale-hint = Wholesale prices are per item when buying at least the quantity shown.
product-export = For export buyers
product-export-lead = Packed weight and size, and the HS code for customs.
product-export-facts = Shipping facts

## Cart, checkout and orders
nav-cart-count = { $count ->
    [0] The cart is empty
    [one] Cart: 1 item
   *[other] Cart: { $count } items
}
nav-orders = My orders
cart-from = From
cart-subtotal = Subtotal:
cart-summary = Summary
cart-items = Items
cart-total = Goods total
cart-shipping-later = Shipping is worked out when you order; each cooperative sends its own parcel.
cart-checkout = Check out
cart-not-ready = { $count ->
    [one] One item cannot be bought as it is. Change its quantity or remove it to check out.
   *[other] { $count } items cannot be bought as they are. Change their quantities or remove them to check out.
}
cart-continue = Keep shopping
cart-problem-unavailable = This product is no longer for sale. Please remove it.
cart-problem-sold-out = Sold out. Please remove it.
cart-problem-only-left = Only { $count } left. Please lower the quantity.
cart-problem-minimum = The minimum order is { $count }.
cart-update = Update
cart-remove = Remove
cart-each = each
cart-wholesale-applied = Wholesale price
field-quantity = Quantity
field-variant-id = Option
field-cart = Cart
notice-cart-added = Added to your cart.
notice-cart-updated = Quantity updated.
notice-cart-removed = Removed from your cart.
notice-cart-line-gone = That item is no longer in your cart.
product-add = Add to cart
product-add-label = Add { $sku } to the cart
product-sold-out-note = Sold out for now.

checkout-title = Checkout
checkout-cart-not-ready = Something in your cart cannot be bought as it is.
checkout-back-to-cart = Back to the cart
checkout-contact = Who receives it
checkout-address = Delivery address
checkout-destination = Where to
checkout-destination-vn = In Vietnam
checkout-destination-abroad = Abroad
checkout-abroad-hint = Fill this in only for a delivery abroad.
checkout-payment = How to pay
checkout-place = Place the order
checkout-place-hint = One press is enough: pressing again or reloading the page still makes only one order.
checkout-stock = Only { $count } of { $sku } left, fewer than in your cart. Change the quantity in your cart, then order again.
checkout-cart-changed = Some products cannot be bought as before ({ $skus }). Please look at your cart again.
checkout-cart-empty = Your cart is empty: there is nothing to order yet.
checkout-summary = Your order
checkout-shipping-note = Each cooperative's shipping fee is shown on the confirmation page. For deliveries abroad, the cooperative quotes it afterwards.
hint-checkout-email = We send the confirmation and delivery news here.
hint-checkout-phone = For the courier, e.g. 0905 123 456 (abroad: with the country code).
hint-checkout-province = For example: Thành phố Huế.
hint-checkout-country = Two-letter country code, e.g. JP, KR, DE, US.
field-contact-name = Full name
field-contact-email = E-mail
field-contact-phone = Phone number
field-shipping-address-country = Country
field-shipping-address-province = Province or city
field-shipping-address-district = District
field-shipping-address-ward = Ward or commune
field-shipping-address-city = City
field-shipping-address-postal-code = Postal code
field-shipping-address-street = House number and street
field-payment-method = Payment method
payment-cod = Cash on delivery (COD)
payment-cod-hint = Addresses in Vietnam only. You pay each cooperative's courier.
payment-bank-transfer = Bank transfer
payment-bank-transfer-hint = The order is held for 72 hours; the cooperative prepares it once the money is in.
payment-card = Card
payment-short-cod = COD
payment-short-bank-transfer = Bank transfer
payment-short-card = Card
payment-status-unpaid = not paid
payment-status-paid = paid
payment-status-refunded = refunded

confirmation-title = Thank you for your order!
confirmation-lead = { $count ->
    [one] Your order is in. We sent a confirmation to { $email }.
   *[other] You have { $count } orders, one per cooperative, each shipped on its own. We sent a confirmation to { $email }.
}
confirmation-payment = Payment
confirmation-cod = You pay the courier in cash when the parcel arrives.
confirmation-cod-total = To pay in all
confirmation-cod-several = Each parcel comes on its own: pay each courier the amount of that order.
confirmation-transfer = Please transfer exactly the amount below, with the reference in the transfer's memo.
confirmation-amount = Amount
confirmation-memo = Transfer memo
confirmation-transfer-hint = The money goes to the Cooperative Union's account; the cooperatives start on your orders once it arrives (usually within a working day).
confirmation-transfer-until = The orders are held until { $date }.
confirmation-card = The card payment is being processed.
confirmation-see-order = See and follow the order
proof-title = Confirm your e-mail
proof-lead = Enter the e-mail address you ordered with to see the order.
proof-submit = See the order
proof-sign-in = Have an account?

orders-title = My orders
orders-empty = You have no orders yet.
orders-lookup-guest = Ordered without signing in? Look up an order
order-number = Order
order-placed = Placed
order-cooperative = Cooperative
order-total = Total
order-status = Status
order-buyer = Buyer
order-units = Items
order-title = Order
order-items = Products
order-product = Product
order-unit-price = Unit price
order-line-total = Amount
order-items-total = Goods
order-shipping = Shipping
order-shipping-free = Free
order-shipping-quoted = Quoted by the cooperative
order-delivery = Delivery
order-placed-on = Placed on { $date }
order-tracking = Tracking:
order-international = Delivery abroad
order-timeline = What happened
order-timeline-tz = Vietnam time (UTC+7).
order-event-placed = Order placed
order-actor-buyer = buyer
order-actor-guest = buyer
order-actor-cooperative = cooperative
order-actor-staff = Cooperative Union
order-actor-system = the shop
order-note-cash-received = Cash received
order-note-transfer-received = Bank transfer received
order-note-lapsed = Payment not received in time
order-note-buyer-cancelled = Cancelled by the buyer
order-pay-courier = Pay { $total } in cash to the courier on delivery.
order-pay-transfer = Transfer { $total } with { $reference } in the memo.
order-explain-pending-payment = Waiting for the payment. The cooperative prepares it once the money is in.
order-explain-confirmed = Confirmed. The cooperative is preparing it.
order-explain-packed = Packed, waiting for the carrier.
order-explain-shipped = On its way to you.
order-explain-delivered = Delivered.
order-explain-completed = The order is complete. Thank you!
order-explain-cancelled = The order was cancelled.
order-cancel-title = Cancel the order
order-cancel-lead = You may cancel until the cooperative has packed it.
order-cancel-confirm = I want to cancel this order.
order-cancel-submit = Cancel the order
notice-order-cancelled = The order is cancelled.
country-vn = Vietnam
lookup-title = Look up an order
lookup-lead = Enter the order number and the e-mail address you ordered with.
lookup-have-account = Have an account? Sign in to see all your orders.
lookup-submit = Find the order
field-lookup-number = Order number
field-lookup-email = E-mail used to order
hint-order-number = Like HT-261126-7K2M9Q, in the confirmation e-mail.

status-pending-payment = Awaiting payment
status-confirmed = Confirmed
status-packed = Packed
status-shipped = Shipped
status-delivered = Delivered
status-completed = Completed
status-cancelled = Cancelled

seller-tab-orders = Orders
seller-orders-title = Orders
seller-orders-csv = Download the list (CSV)
seller-orders-empty = No orders yet. When someone buys, the order shows here and you get an e-mail.
seller-orders-back = All orders
seller-order-next = Next step
seller-order-read-only = You see this order as Cooperative Union staff: read-only, except for confirming its payment and giving money back.
orders-count = { $count ->
    [0] No orders
    [one] 1 order
   *[other] { $count } orders
}
orders-none-match = No order matches these filters.
orders-any-status = Any
orders-filter = Filter orders
orders-search = Find an order
orders-search-hint = Number, buyer's name or e-mail
orders-from = From
orders-to = To
orders-filter-ignored = Some filters were not in the right form and were left out.
step-confirmed = Confirm the order
step-confirmed-hint = The money is in: start preparing it.
step-packed = Mark as packed
step-packed-hint = Packed and waiting for the carrier.
step-shipped = Ship it
step-shipped-hint = Name the carrier and the tracking number; the buyer gets an e-mail.
step-delivered = Mark as delivered
step-delivered-hint = The buyer has the parcel.
step-completed = Complete the order
step-completed-hint = Close the order.
step-cancelled = Cancel the order
step-cancelled-hint = The stock goes back; the buyer gets an e-mail with the reason.
step-cancelled-confirm = I want to cancel this order.
step-cash = Cash received
step-cash-hint = Record the { $total } the courier collected.
field-carrier = Carrier
field-tracking = Tracking number
field-to = Step
hint-carrier = E.g. Viettel Post, VNPost, EMS.
hint-cancel-reason = The buyer reads this.
notice-order-confirmed = Order confirmed.
notice-order-packed = Recorded: packed.
notice-order-shipped = Recorded: shipped. The buyer got an e-mail with the tracking number.
notice-order-delivered = Recorded: delivered.
notice-order-completed = The order is complete.
notice-cash-recorded = Cash recorded.
packing-slip-title = Packing slip
packing-slip-back = Back to the order
packing-slip-print = Use your browser's Print (Ctrl+P) to print it.
packing-slip-to = Deliver to
packing-slip-units = Items in all
packing-slip-cod = Cash to collect (COD): { $total }
packing-slip-thanks = Thank you for supporting the cooperatives of Huế!
staff-orders = Orders
staff-transfer-confirm = The money is in the account
staff-transfer-received = Confirm the transfer arrived
notice-transfer-confirmed = Transfer confirmed; the orders went to the cooperatives.

error-order_not_found = No order with this number and e-mail address.
error-cart_item_not_found = That item is no longer in the cart.
error-product_unavailable = This product cannot be bought now.
error-cart_empty = The cart is empty.
error-cart_changed = Some products in the cart can no longer be bought.
error-insufficient_stock = Not enough in stock for this quantity.
error-order_changed = The order changed meanwhile. Reload the page.
error-idempotency_key_reused = This form was already sent for another order. Check the details and send it again.
error-idempotency_in_progress = The order is being made. Wait a moment, then reload the page.

# payments: the transfer panel, cards, refunds, the ledger, payouts, bank statements
payment-status-partially_refunded = partly refunded
pay-state-pending = waiting for the money
pay-state-paid = paid
pay-state-failed = not paid
pay-state-cancelled = cancelled
pay-state-requires_action = waiting for your bank
transfer-status = Payment:
transfer-paid = Payment received. Thank you! The cooperatives are preparing your orders.
transfer-qr-label = VietQR code for the bank transfer
transfer-qr-caption = Scan with your banking app: the account, amount and memo are filled in for you.
transfer-bank = Bank
transfer-account = Account number
transfer-holder = Account holder
order-see-qr = See the QR code and account
card-title = Pay by card
card-return-title = Card payment
card-to-pay = Pay by card on the next page. Your card details go straight to Stripe, our payment provider.
card-pay-button = Pay by card
card-pay-amount = Pay { $amount }
card-paid = Payment received. Thank you! The cooperatives are preparing your orders.
card-closed = This payment is closed: the orders were cancelled.
card-cancelled = This card payment was cancelled, and nothing was charged.
card-back = Back to the order
card-see-order = See the order
card-field = Card number, expiry date and security code
card-secure = Your card details go straight to Stripe over an encrypted connection; Hợp Tác never sees them.
card-needs-js = Paying by card needs JavaScript, which is turned off in this browser.
card-noscript = Turn JavaScript on and reload this page. Or cancel this order from its page and order again choosing bank transfer (a VietQR code you scan with your banking app) or cash on delivery.
card-script-failed = The card form could not be loaded. Check your connection and reload the page.
card-unavailable = Card payment cannot start right now. Please try again in a few minutes.
card-off-title = Card payment is not available
card-off-body = The shop does not take cards at the moment. Your order is kept for a while: come back later, or cancel it and order again choosing bank transfer.
card-charged-as = Your card is charged { $amount }.
card-state-requires-action = Your bank asks you to confirm this payment (3-D Secure). Approve it in your banking app or on the bank's page, then come back here.
card-state-pending = Your bank is still processing the payment. This can take a minute.
card-not-charged = The card was not charged: { $why }. Try another card, or cancel the order and pay by bank transfer.
card-why-3ds = the bank's 3-D Secure check was not passed
card-why-funds = the card has insufficient funds
card-why-expired = the card has expired
card-why-cvc = the security code (CVC) is wrong
card-why-declined = the card was declined
card-try-again = Try another card
card-continue = Continue the payment
card-check-again = Check again
card-back-to-form = Back to the card form
refunds-title = Refunds
refunds-of = Refunded { $refunded } of { $total }.
refund-date = Date
refund-amount = Amount
refund-status = Status
refund-status-pending = in progress
refund-status-succeeded = refunded
refund-status-failed = failed
refund-channel-card = back to the buyer's card (Stripe)
refund-channel-bank-transfer = transferred back by the Cooperative Union
refund-channel-buyer-card = back to your card
refund-channel-buyer-bank-transfer = transferred back to you by the Cooperative Union
refund-give = Give money back
refund-confirm = I want to give this money back to the buyer.
refund-submit = Refund
field-refund-amount-vnd = Amount to refund (đồng)
hint-refund-amount = Leave empty to refund everything not refunded yet: { $remaining }.
hint-refund-reason = The buyer reads this in the e-mail.
hint-refund-card = The money goes back to the buyer's card through Stripe, at once.
hint-refund-transfer = The Cooperative Union transfers the money back to the buyer. It comes off the cooperative's balance.
money-received = Money received
money-received-hint = The buyer was asked for { $total } ({ $orders } { $orders ->
        [one] order
       *[other] orders
    }) with { $reference } in the memo. Confirm once it is in the Cooperative Union's account: every order it pays is marked paid and booked.
money-received-confirm = I have seen the money in the account.
notice-payment-confirmed = Payment confirmed. The order can be prepared.
notice-refund-recorded = Refund recorded. The buyer got an e-mail.
notice-payout-account-saved = Payout account saved.
notice-payouts-recorded = Payouts recorded. Download the file for the bank below.
error-transfer_shared = This transfer also pays other cooperatives' orders: the Cooperative Union confirms it.
error-payment_provider_refused = The payment provider refused:
error-payment_provider_unavailable = The payment provider cannot be reached. Please try again in a few minutes.
error-order_not_paid = This order has no payment left to refund.
error-payment_method_disabled = This payment method is not offered now.
error-payment_not_found = This payment was not found.
error-cooperative_not_found = This cooperative was not found.
error-payout_batch_not_found = This payout batch was not found.
field-payment-id = Payment
field-payouts = Payouts
field-note = Note
seller-tab-ledger = Money
ledger-title = Money owed to the cooperative
ledger-balance = Balance
ledger-sales = Paid sales
ledger-commission = Cooperative Union commission
ledger-refunds = Refunds
ledger-payouts = Already paid out
ledger-owed = The market owes you
ledger-owes-market = The cooperative owes the market
ledger-explain = The market takes the buyers' money and pays each cooperative its sales less the commission and refunds, by bank transfer to the account below.
ledger-count = { $count ->
    [one] 1 line
   *[other] { $count } lines
}
ledger-empty = Nothing yet. Each paid order shows here, with the commission taken and what you are owed.
ledger-date = Date
ledger-kind = What
ledger-kind-sale = Sale
ledger-kind-refund = Refund
ledger-kind-payout = Payout
ledger-gross = Amount
ledger-commission-col = Commission
ledger-net = To the cooperative
ledger-memo = Note
payout-account-title = Payout account
payout-account-missing = No account yet: the Cooperative Union cannot pay you until you give one.
payout-account-change = Where we pay you
payout-account-lead = The account the Cooperative Union transfers your money to. Only managers can change it.
payout-account-save = Save the account
field-bank-bin = Bank (BIN)
field-account = Account number
field-account-name = Account holder
hint-bank-bin = The bank's 6-digit code, e.g. 970436 for Vietcombank or 970405 for Agribank.
hint-account-name = As the bank writes it, e.g. HTX MAY TRE DAN BAO LA.
staff-payouts = Payouts
staff-statements = Bank statements
trial-title = Trial balance
trial-cash = Money the market holds
trial-commission = Commission earned
trial-owed = Owed to cooperatives
trial-balanced = Every transaction balances.
trial-unbalanced = { $count ->
    [one] 1 transaction does not balance. Tell the developers before paying anyone.
   *[other] { $count } transactions do not balance. Tell the developers before paying anyone.
}
payouts-owed = Owed to cooperatives
payouts-none-owed = No cooperative is owed money now.
payouts-owed-now = Owed now
payouts-amount = Amount to pay
payouts-amount-for = Amount to pay { $name }
payouts-account-ok = account given
payouts-account-missing = no payout account
payouts-missing-accounts = { $count ->
    [one] 1 cooperative owed money has not given a payout account yet.
   *[other] { $count } cooperatives owed money have not given a payout account yet.
}
payouts-owes-market = owes the market (refunds after payouts)
payouts-amounts-hint = Fill in only the cooperatives to pay now; leave the others empty. At most what each is owed.
payouts-record-some = Record these payouts
payouts-all-title = Pay everything owed
payouts-all-lead = { $count ->
    [one] { $total } to 1 cooperative, as one batch of bank transfers.
   *[other] { $total } to { $count } cooperatives, as one batch of bank transfers.
}
payouts-all-confirm = I will send these transfers from the market's account.
payouts-record-all = Record payouts of everything owed
hint-payout-note = For example the month it covers.
payouts-batches = Recent payouts
payouts-no-batches = No payouts yet.
payouts-batch-count = { $count ->
    [one] 1 transfer
   *[other] { $count } transfers
}
payouts-csv = Download for the bank (CSV)
statement-send = Match a bank statement
statement-lead = Export the statement of the market's receiving account from online banking as CSV. Each credit is matched to a bank-transfer order by the reference in its memo and by its amount.
field-statement-file = Statement (CSV)
hint-statement-file = CSV, at most 5 MB.
statement-apply = Confirm the payments it matches
statement-apply-hint = Left unticked, the statement is only checked and nothing changes. Lines applied are remembered, so sending the same statement again changes nothing.
statement-submit = Send the statement
statement-guide = Columns the statement needs
statement-col-date = the booking date, 2026-11-26 or 26/11/2026
statement-col-amount = the amount credited, in đồng (1.250.000 or 1250000)
statement-col-description = the memo, with the order's reference (HT…)
statement-report-dry = What the statement holds (checked only)
statement-report-applied = What the statement did
statement-checked = { $count ->
    [0] Checked: no line pays a waiting order. Nothing was changed.
    [one] Checked: 1 line pays a waiting order. Nothing was changed yet: tick “Confirm the payments” and send it again.
   *[other] Checked: { $count } lines pay waiting orders. Nothing was changed yet: tick “Confirm the payments” and send it again.
}
statement-applied = { $count ->
    [0] Applied: no payment was confirmed.
    [one] Applied: 1 payment confirmed; its orders went to their cooperatives.
   *[other] Applied: { $count } payments confirmed; their orders went to their cooperatives.
}
statement-matched = Matched
statement-matched-dry = These pay waiting orders and will be confirmed when the statement is applied.
statement-matched-applied = These payments are confirmed now.
statement-paid-twice = Paid twice
statement-paid-twice-hint = These payments were already paid, or paid another way: the money is held for the buyer, to give back.
statement-mismatch = Amount does not match
statement-mismatch-hint = Less than was asked: the money is held until the rest arrives (it is then applied to the payment), or given back.
statement-unmatched = No known reference
statement-unmatched-hint = Credits whose memo names no order of the shop: held as unidentified, to give back once the sender is found.
statement-already = Imported before
statement-already-lines = Lines { $lines } were read from an earlier statement and were skipped.
statement-bad = Lines that could not be read
statement-received = Received
statement-expected = Expected
statement-description = Memo
statement-orders = Orders

# Payment and fulfilment, money held for buyers
payment-status-held = money held, to give back
payment-status-cod-due = to collect on delivery
order-pay-transfer-several = Transfer { $total } for these { $orders } orders (one payment for every cooperative you ordered from) with { $reference } in the memo.
order-money-held = { $amount } of this order is held for you: it arrived after the order was cancelled. The Cooperative Union will send it back.
seller-transfer-one = The buyer was asked to transfer { $total } to the Cooperative Union's account with { $reference } in the memo. Union staff confirm the money when it arrives; you will get an e-mail then.
seller-transfer-several = The buyer was asked to transfer { $total } in one payment for { $orders } orders from different cooperatives (this order: { $mine }), to the Cooperative Union's account with { $reference } in the memo. Union staff confirm the money when it arrives; you will get an e-mail then.
seller-card-how = The buyer pays by card through the shop; the order is marked paid as soon as the card payment goes through.
seller-cod-how = The courier collects { $total } in cash on delivery. Record the cash here once the courier has brought it.
hold-awaiting-transfer = Do not pack this order yet: it is paid by bank transfer and the money has not reached the Cooperative Union's account. Wait for union staff to confirm the transfer (you will get an e-mail), or contact the buyer: { $phone }, { $email }.
hold-awaiting-card = Do not pack this order yet: the card payment has not gone through. Wait for it, or contact the buyer: { $phone }, { $email }.
hold-money-returned = This order's money was given back to the buyer: there is nothing to send.
order-released-note = The Cooperative Union let this order be prepared before its money arrived: { $reason }
seller-money-held = { $amount } that arrived after the order was cancelled is held for the buyer; the Cooperative Union gives it back.
release-title = Let it be prepared before payment
release-hint = For a buyer who has shown a transfer receipt, or a bank that is late. The cooperative may then pack and ship it; the money is applied to it when it arrives. The reason is kept in the audit log.
hint-release-reason = Why it may go before the money (kept in the audit log).
release-confirm = I take responsibility for letting this order go before payment.
release-submit = Let the cooperative prepare it
notice-order-released = The cooperative may now prepare the order; it was told by e-mail.
staff-transfer-confirm-amount = { $amount } is in the account
error-payment_required = This order cannot be prepared before it is paid: see its payment.
error-payment_confirmed_by_union = A bank transfer reaches the Cooperative Union's account: union staff confirm it.
error-held_funds_not_found = This held money was not found.
error-held_funds_resolved = This money was applied to its payment: there is nothing to give back.
staff-refunds = To refund
staff-rates = Exchange rates
rates-title = Exchange rates shown to buyers abroad
rates-lead = Prices are always charged in đồng. These rates only show an approximate price beside it (≈ ¥, ≈ $, ≈ CN¥) for buyers abroad; an export quote fixes its own rate. Enter how many đồng one unit is worth, with a point before the decimals (e.g. 170.35).
rates-field = Đồng per 1 { $currency }
rates-set-on = Set on { $date }
rates-not-set = Not set: prices are not shown in this currency
rates-save = Save the rates
notice-rates-saved = The rates are saved; every page shows prices at the new rates.
refunds-due-total = { $total } to give back
refunds-due-lead = Money that arrived but pays no order is held for the buyer until it is given back here; paid orders that were cancelled are refunded from their own page.
refunds-due-none = Nothing to give back.
refunds-held-title = Money held for buyers
refunds-cancelled-title = Paid orders that were cancelled
refunds-cancelled-lead = Their money is in the cooperative's account: refund it from the order.
refunds-remaining = Still to refund
refunds-make = Refund
held-buyer-unknown = Sender unknown: the memo names no order. Ask the bank who sent it.
held-kind-cancelled-order = paid an order cancelled before the money came
held-kind-overpaid = more than was asked
held-kind-underpaid = less than was asked (kept until the rest arrives)
held-kind-paid-twice = paid twice
held-kind-unidentified = no order named in the memo
field-held-note = How it was sent back
hint-held-note = e.g. the bank's transfer number (optional)
held-confirm-transfer = I have sent this money back by bank transfer.
held-confirm-card = Give it back to the card it came from (through Stripe).
held-give-back = Money given back
notice-held-returned = Recorded: the money went back to the buyer, who got an e-mail.
trial-received = Money received
trial-returned = Given back to buyers
trial-paid-out = Paid out to cooperatives
trial-held = Held for buyers, to give back
trial-held-see = See what to refund
statement-held = Held
statement-held-dry = { $amount } of this statement would be held for buyers, to give back.
statement-held-applied = { $amount } of this statement is held for buyers, to give back.

# Field problems: one message for every code of kernel::problem::CODES
# (`problem-{code}`, underscores written as dashes), with the code's arguments
# as variables; a `_vnd` argument arrives written as money (10.000 ₫).
problem-required = is required
problem-too-long = must be at most { $max } characters
problem-too-short = needs at least { $min } characters
problem-length-between = must have { $min } to { $max } characters
problem-control-characters = must not contain control characters
problem-not-visible-ascii = must be visible ASCII characters
problem-not-one-of = must be one of: { $choices }
problem-unreadable-value = cannot be read ({ $detail })
problem-not-a-whole-number = must be a whole number, e.g. 350000 or 350.000
problem-whole-number-empty = is empty: enter a whole number
problem-whole-number-between = must be a whole number from { $min } to { $max }
problem-whole-number-from = must be a whole number from { $min } up
problem-number-between = must be from { $min } to { $max }
problem-at-least = must be { $min } or more
problem-at-most = must be at most { $max }
problem-must-be-positive = must be more than 0
problem-must-not-be-negative = cannot be negative
problem-too-large = is too large
problem-too-high = is too high
problem-below-field = { $field ->
        [min_price] must be at least the lowest price
        [min_grams] must be at least the lowest weight
       *[other] must be at least { $field }
    }
problem-not-a-date = is not a date (YYYY-MM-DD)
problem-not-a-date-or-time = must be a date (YYYY-MM-DD) or an RFC 3339 time
problem-in-the-future = cannot be in the future
problem-not-a-user-id = must be a user id
problem-not-a-page-cursor = is not a link to a page of this list
problem-not-an-email = is not an e-mail address
problem-password-too-common = is too common or too easy to guess; try a few unrelated words
problem-passwords-differ = does not match the password
problem-last-owner-cannot-leave = the last owner cannot leave; make someone else owner first
problem-owner-not-invited = invite as manager or staff; the Cooperative Union transfers ownership
problem-only-owner-invites-manager = only an owner may invite a manager
problem-not-a-vn-phone = must be a Vietnamese phone number, e.g. 0912 345 678
problem-not-a-tax-code = must have 10 digits, or 13 for a branch
problem-story-too-short = tell a little more: at least { $min } characters
problem-too-many-documents = at most { $max } documents
problem-file-empty = { $file } is empty
problem-file-too-large = { $file } is larger than { $max_mb } MB
problem-not-a-document = { $file }: only PDF, JPEG or PNG files are accepted
problem-reason-required-for-decision = is required for this decision
problem-unknown-decision = “{ $decision }” is not a decision we know
problem-certification-kind-unknown = must be VietGAP, OCOP, Organic or Award
problem-certification-level-unknown = choose district, province or national
problem-ocop-stars = must be 3, 4 or 5 stars
problem-not-after-issue-date = must be after the issue date
problem-vietgap-too-long = a VietGAP certificate lasts at most { $months } months
problem-ocop-too-long = an OCOP rating lasts at most { $months } months
problem-organic-too-long = an organic certificate lasts at most { $months } months
problem-not-a-listing-of-cooperative = is not a listing of this cooperative
problem-evidence-missing = send a copy of the certificate (PDF, JPEG or PNG)
problem-not-a-rate = must be a number of đồng such as 25400 or 170.35 (a point before at most three decimals)
problem-care-vi-required = is required when care instructions are given
problem-category-unknown = is not a category of the shop
problem-cooperative-unknown = is not a cooperative of the shop
problem-too-many-tags = at most { $max } tags
problem-tag-too-long = each tag must be at most { $max } characters
problem-too-many-variants = at most { $max } options
problem-sku-used-twice = is already used by another option
problem-sku-taken = is already used by another listing of this cooperative
problem-sku-invalid = use at most { $max } letters, digits, dots, dashes, slashes or underscores
problem-variant-given-twice = is given twice
problem-not-a-variant-of-listing = is not an option of this listing
problem-option-unknown = options are size, colour, material, weight, package and people
problem-compare-at-not-above-price = must be more than the price
problem-dimensions-incomplete = give length, width and height together
problem-hs-code-invalid = must be 4, 6, 8 or 10 digits, e.g. 4602.12
problem-lead-time-required = give the days to make it when made to order
problem-too-many-tiers = at most { $max } wholesale tiers
problem-tier-incomplete = give both the quantity and the price of a wholesale tier
problem-tier-qty-not-rising = must be more than { $min_qty }: quantities rise tier by tier
problem-price-tier-not-falling = must be lower than the price from { $min_qty } (more units, lower price)
problem-category-missing = choose a category before sending it for review
problem-variants-missing = add at least one option with its price
problem-images-missing = add at least one picture
problem-too-many-images = a listing has at most { $max } pictures
problem-image-too-many-pixels = the picture has too many pixels
problem-image-undecodable = the picture is damaged or incomplete ({ $detail })
problem-picture-missing = send the picture in the field “{ $field }”
problem-csv-file-missing = send the CSV file in the field “{ $field }”
problem-csv-not-utf8 = is not UTF-8 text; save the spreadsheet as “CSV UTF-8”
problem-csv-header-unreadable = the first line cannot be read ({ $detail })
problem-csv-column-unknown = is not a column we know
problem-csv-column-twice = appears twice
problem-csv-column-missing = this column is missing
problem-csv-row-unreadable = the row cannot be read ({ $detail })
problem-csv-too-many-rows = at most { $max } rows
problem-csv-handle-missing = is required: it groups the rows of one listing
problem-csv-differs-from-line = differs from line { $line } for the same handle
problem-csv-handle-of-another-cooperative = is the handle of another cooperative's listing
problem-csv-sku-on-line = is also used on line { $line } by another listing
problem-csv-not-a-whole-number = “{ $cell }” is not a whole number
problem-csv-not-yes-or-no = “{ $cell }” is not yes or no
problem-csv-not-a-tier = “{ $cell }” is not quantity:price, e.g. 10:95000
problem-price-range-unknown = is not one of the shop's price ranges
problem-sort-unknown = must be Best match, Lowest price first, Highest price first or Newest first
problem-cart-full = the cart already holds { $max } different products
problem-cart-cookie-invalid = the cart could not be read; please reload the page
problem-enter-name = enter your name
problem-enter-email = enter an e-mail address like ten@example.vn
problem-country-code-invalid = a two-letter country code such as JP, KR or DE
problem-country-is-vietnam = is Vietnam: choose “In Vietnam” above
problem-enter-vn-phone = a Vietnamese phone number such as 0905 123 456
problem-enter-intl-phone = a phone number with its country code, such as +81 3 1234 5678
problem-enter-street = enter the house number and street
problem-choose-province = enter the province or city
problem-enter-district = enter the district
problem-enter-ward = enter the ward or commune
problem-enter-city = enter the city
problem-enter-postal-code = enter the postal code
problem-choose-payment-method = choose how to pay
problem-payment-method-not-offered = { $method ->
        [cod] cash on delivery is not offered now
        [bank_transfer] bank transfer is not offered now
        [card] paying by card is not offered now
       *[other] { $method } is not offered now
    }
problem-payment-method-not-abroad = { $method ->
        [cod] cash on delivery works only in Vietnam
       *[other] { $method } cannot pay for a delivery abroad
    }
problem-enter-order-number = enter the order number
problem-enter-order-email = enter the e-mail address of the order
problem-enter-carrier = name the carrier (e.g. Viettel Post, VNPost, EMS)
problem-enter-tracking = enter the tracking number
problem-cancel-reason-missing = say why the order is cancelled
problem-release-reason-missing = say why the order may be prepared before it is paid
problem-too-many-rules = at most { $max } shipping rules
problem-fee-out-of-range = must be from 0 to { $max_vnd }
problem-weight-band-unbounded = a weight band needs a lowest or a highest weight
problem-free-over-threshold-missing = enter the order total from which shipping is free
problem-at-least-one-dong = must be at least 1 đồng
problem-refund-too-large = at most { $max_vnd }, what has not been refunded yet
problem-refund-reason-missing = say why the money goes back
problem-card-confirmed-by-stripe = card payments are confirmed by Stripe, not by hand
problem-only-bank-transfer-confirmed = only a bank transfer is confirmed here
problem-not-paid-by-card = this order is not paid by card
problem-bank-bin-invalid = the bank's 6-digit code, e.g. 970436
problem-account-number-invalid = 1 to 19 letters or digits
problem-account-name-invalid = the holder's name, at most 120 characters
problem-payouts-with-all-owed = leave empty when paying everything owed
problem-nothing-owed = nothing to pay: no cooperative is owed money
problem-one-line-per-cooperative = one amount per cooperative
problem-payout-amounts-missing = enter the amount to pay at least one cooperative
problem-cooperative-not-found = no such cooperative
problem-payout-too-large = at most { $max_vnd }, what the market owes it
problem-statement-column-missing = the first line has no { $column } column
problem-statement-unreadable = this is not a CSV bank statement ({ $detail })

## the export desk: field problems
problem-not-a-country = must be a two-letter country code, e.g. JP
problem-date-not-ahead = must be a day after today
problem-lines-missing = add at least one line
problem-too-many-lines = at most { $max } lines
problem-line-needs-item = choose a listed product or describe the design
problem-not-a-variant-of-cooperative = is not a product of this cooperative on sale now
problem-not-a-line-of-request = is not a line of this request
problem-quote-line-missing = price every line of the request
problem-not-a-pdf = { $file } is not a PDF file
problem-enter-transport-ref = enter the container / bill of lading or air waybill number
problem-not-a-link = must be a web address (https://…) or a path of this shop
problem-slug-invalid = use lower-case letters, digits and dashes, e.g. gio-co-nap
problem-too-many-listings = at most { $max } listings
problem-collection-slug-taken = another collection of this cooperative has this name

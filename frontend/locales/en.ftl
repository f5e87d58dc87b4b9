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
cert-ocop = OCOP { $stars }-star
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

problem-required = is required
problem-email = is not an e-mail address
problem-password-short = needs at least 10 characters
problem-password-common = is too common or too easy to guess; try a few unrelated words
problem-phone = must be a Vietnamese phone number, e.g. 0912 345 678
problem-tax-code = must have 10 digits, or 13 for a branch
problem-document-type = only PDF, JPEG or PNG files are accepted

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
notice-password-changed = Your password is changed. Sign in with the new one.
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
error-rate_limited = Too many failed sign-ins. Please try again in 15 minutes.
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

/**
 * Common English words, general and shopping, so the encoder's vocabulary knows them before
 * the shop has sent any English text.
 */
export const COMMON_ENGLISH_WORDS =
  `the be to of and a in that have it for not on with he as you do at this but his by from
they we say her she or an will my one all would there their what so up out if about who get which go me when make can
like time no just him know take people into year your good some could them see other than then now look only come its
over think also back after use two how our work first well way even new want because any these give day most us is
was are were been has had did does done said made went gone got very much many more less few little big small large
long short high low old young early late great best better bad worse worst right wrong left same different next last
own other such each every both either neither all any some none here there where when why how what who whom whose
again already always never often sometimes usually still yet soon ago today tomorrow yesterday week month hour minute
second morning evening night home house room door window table chair bed kitchen bath water food drink coffee tea milk
bread rice meat fish fruit apple orange banana sugar salt oil egg cake chocolate snack juice wine beer bottle cup glass
plate bowl spoon knife fork box bag case pack set pair piece item product goods order orders shop store market mall
online price prices cost costs cheap expensive discount sale sales deal deals coupon offer free pay paid payment cash
card credit money dollar yuan buy bought sell sold purchase return returns returned refund refunds exchange replace
replacement ship shipping shipped delivery deliver delivered arrive arrived arrival package parcel courier tracking
track address send sent receive received wait waiting fast slow quick quickly late delay delayed lost broken damaged
missing wrong size sizes small medium large fit fits fitting tight loose length width height weight color colour
black white red blue green yellow pink purple brown grey gray gold silver dark light bright soft hard smooth warm cool
cold hot dry wet clean dirty new used fresh quality material cotton wool silk leather plastic metal wood glass steel
dress shirt shirts skirt pants jeans trousers shorts coat jacket sweater hoodie sock socks shoe shoes boots sneakers
sandals hat cap scarf gloves belt watch ring necklace bracelet earrings glasses bag backpack wallet suitcase
phone phones mobile smartphone laptop computer tablet screen keyboard mouse charger cable battery headphones earphones
earbuds speaker camera lens tv television monitor printer router memory storage usb wireless bluetooth wifi power
cream lotion shampoo soap perfume lipstick makeup mask skin hair face body hand eye eyes nose mouth teeth
toy toys game games book books pen paper notebook baby kids child children men women man woman girl boy family friend
gift gifts birthday christmas holiday summer winter spring autumn fall season travel sport sports running yoga
bike bicycle car ball tent chair lamp light fan heater kettle pot pan cooker blender vacuum towel pillow blanket sheet
love like likes loved hate dislike happy unhappy glad sad angry upset disappointed satisfied pleased excellent
perfect amazing awesome great nice lovely beautiful pretty cute comfortable comfy durable sturdy solid reliable useful
useless worthless poor terrible horrible awful bad cheap fake genuine original authentic recommend recommended worth
value problem problems issue issues question questions help support service customer agent complaint complain
complained sorry thanks thank please hello hi yes no okay ok fine sure maybe need needs want wants ask asked answer
check checked status when where how long much many does do can could would should will is are available stock
size chart guide measure measurements inch inches cm kg gram grams ml liter litre pound ounce meter meters number
one two three four five six seven eight nine ten hundred thousand first second third half double single extra
model version brand style type kind design feature features function works working worked stopped break breaks
open opened close closed use using easy difficult simple hard instructions manual install setup battery life smell
taste tastes tasty delicious sweet sour bitter spicy salty fresh stale expired packaging wrapped sealed leak leaking
scratch scratched stain stained tear torn hole crack cracked faded shrink shrank itchy noisy quiet loud heavy light
cancel cancelled change changed update invoice receipt warranty guarantee policy days within after before during`
    .split(/\s+/)
    .filter((word) => word.length > 0);

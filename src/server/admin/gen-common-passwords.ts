/**
 * Regenerates resources/common-passwords.txt deterministically (no network):
 * well-known leaked favourites plus the patterns people really use — words
 * and names with digit/year suffixes, keyboard walks (Latin and Russian
 * ЙЦУКЕН, and Russian words typed on a Latin layout), digit runs and dates,
 * and Chinese-seller favourites (pinyin + 520/1314/888). Only entries of 8+
 * characters are kept except for the famous short ones; the server compares
 * case-insensitively.
 *
 *   npx tsx src/server/admin/gen-common-passwords.ts
 */
import fs from 'node:fs';
import path from 'node:path';

const FAMOUS = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor matrix william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden 8675309 panther lauren angela thx1138 angels madison winston shannon mike toyota blowme jordan23 canada sophie apples tiffany dolphin 1q2w3e4r5t6y qwerty123 password1 password123 password1234 passw0rd p@ssw0rd p@ssword 1q2w3e4r5t 1qaz2wsx3edc zaq12wsx qazwsxedc qazwsxedcrfv qwertyui asdfghjkl zxcvbnm123 iloveyou1 iloveyou123 admin admin123 administrator root toor changeme welcome1 welcome123 abcd1234 abc12345 abcdefg abcdefgh abcdefghij aa123456 aa123456789 a123456 a123456789 a1234567890 qq123456 qq123456789 woaini woaini1314 woaini520 woaini123 5201314 520520 1314520 13145200 5201314520 woaiwojia wodemima zhang123 wang123 111222tianya dearbook 789456123 147258369 123456789a 123456789q 1234567890q 0123456789 9876543210 0987654321 1029384756 1357924680 qweasdzxc qweasd123 asd123 zxc123 zxc123456 qwe123456 qwe123qwe 1qazxsw2 2wsx3edc qwertyuiop123 йцукен йцукенгшщз йцукенгшщзхъ фывапролдж фывапролджэ ячсмитьбю пароль пароль123 привет любовь qwertyuiopasdfghjkl zaq1xsw2cde3 1qaz@wsx 1qaz!qaz !qaz2wsx qwerty12345 qwerty1234567890 iloveyou2 loveyou lovelove trustno1 superman123 batman123 football1 baseball1 monkey123 dragon123 shadow123 master123 sunshine1 princess1 letmein123 starwars1 whatever1 freedom1 computer1 michael1 jennifer1 jordan123 hello123 hellokitty`;

const WORDS = `password passw0rd qwerty letmein welcome admin administrator login master monkey dragon shadow sunshine princess football baseball basketball soccer hockey iloveyou loveyou lovely love secret freedom whatever trustno1 superman batman spiderman starwars pokemon naruto minecraft computer internet samsung google yandex apple iphone android windows microsoft summer winter spring autumn flower orange banana cherry chocolate cookie butterfly dolphin tiger lion eagle falcon phoenix wizard killer hunter ranger soldier pirate ninja warrior legend matrix hacker money dollar rich lucky happy smile angel devil heaven friend family mother father sister brother daddy mommy baby honey sweety darling kitty puppy doggy kitten hello hellokitty charlie thomas michael jennifer jessica ashley daniel andrew joshua matthew robert william jordan taylor hannah nicole amanda sophie olivia emma emily alexander alex maxim dmitry sergey andrey alexey ivan nikita artem denis anton pavel roman oleg igor vladimir victor natasha natalia tatiana olga elena irina anna maria marina svetlana ekaterina katya masha dasha sasha lena vika nastya yulia kristina ksenia polina arina moscow russia piter london paris berlin china beijing shanghai shenzhen guangzhou ozon wildberries seller sellerdesk shop store market business manager office company work admin123 user guest test tester demo default changeme access system server database security network master123 root support service qazwsx zxcvbnm asdfgh qwerty123 iloveu123 forever together princess1 sunshine1 ghbdtn vfhbyf rfhbyf ytyfdbcnm kjdtxrf gfhjkm yfnfif cjkywt pfhfpf rjnjcfyf vjcrdf ghjcnj cfitymrf ktyjxrf tqrftq`;

const PINYIN = `wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lv ding ren shen yao lu jin fu zhong wen xiong qiu meng qin bai jia xue yan xia fang wo ai woaini aini baobei laopo laogong xiaoming xiaohong xiaoyu meimei gege jiejie mima woaiwojia tianya shanghai beijing taobao alibaba weixin qq zhongguo qwe asd zxc aaa abc`;

const SUFFIXES = ['1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1!', '!', '!!', '01', '007', '11', '13', '21', '22', '23', '69', '77', '88', '99', '100', '111', '123!', '321', '666', '777', '888', '999', '000', '520', '1314', '5201314', '168', '8888', '6666', '2008', '2010', '2012', '2015', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025', '1990', '1991', '1992', '1993', '1994', '1995', '1985', '1987', '1988', '1989', '@123', '_123', '.123', 'qwe', 'qwerty', 'abc'];

const KEYBOARD = `qwertyuiop asdfghjkl zxcvbnm 1234567890 qwertyuiop[] asdfghjkl; 1q2w3e4r5t6y7u8i9o0p q1w2e3r4t5y6u7i8o9p0 1qaz2wsx3edc4rfv 1qaz2wsx3edc zaq12wsx xsw23edc qazwsxedcrfvtgb qazxswedc qwertyasdfgh qwertyasdfghzxcvbn asdfghjklzxcvbnm mnbvcxz poiuytrewq lkjhgfdsa 0987654321 0p9o8i7u6y 1qa2ws3ed4rf 12qwaszx 123qweasd 123qweasdzxc qweasdzxc123 1q2w3e4r5t 1q2w3e 1q2w3e4r qwer1234 asdf1234 zxcv1234 1234qwer 1234asdf 1234zxcv qwerasdf qwerasdfzxcv !qaz@wsx #edc$rfv 1qaz!qaz йцукенгшщзхъ фывапролджэ ячсмитьбю йцукенгшщз фывапролдж йцукен123 йцукенгш 1йцукен йфяцычувс ячсмить 1й2ц3у4к5е ёйцукен`;

function digitRuns(): string[] {
  const out: string[] = [];
  for (let d = 0; d <= 9; d++) for (let n = 6; n <= 16; n++) out.push(String(d).repeat(n));
  const seq = '01234567890123456789';
  for (let start = 0; start <= 9; start++) for (let n = 8; n <= 12; n++) out.push(seq.slice(start, start + n));
  const rev = '98765432109876543210';
  for (let start = 0; start <= 9; start++) for (let n = 8; n <= 12; n++) out.push(rev.slice(start, start + n));
  for (const unit of ['12', '123', '1234', '12345', '123456', '111', '112', '121', '123321', '520', '1314', '147', '159', '258', '369', '789', '987']) {
    let s = unit;
    while (s.length < 16) {
      s += unit;
      if (s.length >= 8) out.push(s);
    }
  }
  out.push('112233445566', '1122334455', '11223344', '123456654321', '1234554321', '147258369', '1472583690', '159357', '1593572468', '741852963', '7418529630', '963852741', '3692581470', '5201314520', '13141314', '5211314', '52013145201314');
  return out;
}

function dates(): string[] {
  const out: string[] = [];
  for (let y = 1960; y <= 2012; y++) {
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= 28; d += 1) {
        const dd = String(d).padStart(2, '0');
        const mm = String(m).padStart(2, '0');
        out.push(`${dd}.${mm}.${y}`);
        if (d <= 12 && y >= 1975 && y <= 2005) out.push(`${dd}${mm}${y}`, `${y}${mm}${dd}`);
      }
    }
  }
  return out;
}

function generate(): string[] {
  const set = new Set<string>();
  const add = (s: string) => {
    const v = s.trim().toLowerCase();
    if (v) set.add(v);
  };
  FAMOUS.split(/\s+/).forEach(add);
  KEYBOARD.split(/\s+/).forEach(add);
  digitRuns().forEach(add);
  dates().forEach(add);
  const words = WORDS.split(/\s+/).filter(Boolean);
  for (const w of words) {
    add(w);
    add(w + w);
    for (const s of SUFFIXES) add(w + s);
    add('1' + w);
    add('123' + w);
    add(w.replace(/o/g, '0').replace(/a/g, '@') + '123');
    add(w.replace(/s/g, '$').replace(/i/g, '1') + '1');
  }
  const pinyin = PINYIN.split(/\s+/).filter(Boolean);
  for (const p of pinyin) {
    for (const s of ['123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '520', '1314', '5201314', '888', '8888', '666', '6666', '168', '88888888', '000', '111', '1990', '1995', '2000']) add(p + s);
    add('woai' + p);
    add('woai' + p + '1314');
    add('woai' + p + '520');
    add(p + p + '123');
  }
  for (const l of ['a', 'aa', 'aaa', 'q', 'qq', 'qaz', 'asd', 'zxc', 'abc', 'w', 'z', 'x', 's', 'woaini', 'ai', 'wo']) {
    for (const n of ['123456', '1234567', '12345678', '123456789', '1234567890', '5201314', '13141314', '888888', '666666', '111111', '000000', '987654321']) {
      add(l + n);
      add(n + l);
    }
  }
  return [...set].sort();
}

const out = path.resolve(process.argv[2] ?? 'resources/common-passwords.txt');
const list = generate();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, list.join('\n') + '\n');
process.stdout.write(`wrote ${list.length} passwords to ${out}\n`);
